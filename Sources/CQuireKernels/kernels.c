#include "quire_kernels.h"

#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__) && defined(__linux__)
#define QUIRE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define QUIRE_CLONES
#endif

QUIRE_CLONES
long quire_knn_candidates(
    const double *query, const double *groups, const double *norms, long width, long first, long last,
    double bound, long *kept, double *scores) {
    long count = 0;
    for (long g = first; g < last; g++) {
        const double *group = groups + g * width * 8;
        double even[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        double odd[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        long j = 0;
        for (; j + 2 <= width; j += 2) {
            const double a = query[j], b = query[j + 1];
            for (int l = 0; l < 8; l++) {
                const double p = a * group[j * 8 + l];
                even[l] = even[l] + p;
                const double q = b * group[(j + 1) * 8 + l];
                odd[l] = odd[l] + q;
            }
        }
        if (j < width) {
            const double a = query[j];
            for (int l = 0; l < 8; l++) {
                const double p = a * group[j * 8 + l];
                even[l] = even[l] + p;
            }
        }
        double out[8];
        double smallest = bound;
        int below = 0;
        for (int l = 0; l < 8; l++) {
            const double dot = even[l] + odd[l];
            const double twice = 2 * dot;
            out[l] = norms[g * 8 + l] - twice;
            below |= out[l] < smallest;
        }
        if (below) {
            kept[count] = g;
            for (int l = 0; l < 8; l++) scores[count * 8 + l] = out[l];
            count++;
        }
    }
    return count;
}

QUIRE_CLONES
void quire_centred_gram(
    const double *x, const double *y, const double *weights, long width, long first, long last,
    const double *mean, double y_mean, double *g, double *scratch) {
    const long p = width;
    double *rows = scratch, *scaled = scratch + 4 * p;
    double targets[4];
    for (long i = first; i < last; i += 4) {
        const long count = last - i < 4 ? last - i : 4;
        for (long k = 0; k < 4; k++) {
            const double w = k < count ? (weights ? weights[i + k] : 1) : 0;
            for (long j = 0; j < p; j++) {
                const double value = k < count ? x[(i + k) * p + j] - mean[j] : 0;
                rows[k * p + j] = value;
                scaled[k * p + j] = value * w;
            }
            targets[k] = k < count ? (y[i + k] - y_mean) * w : 0;
        }
        for (long a = 0; a < p; a++) {
            const double c0 = scaled[a], c1 = scaled[p + a], c2 = scaled[2 * p + a], c3 = scaled[3 * p + a];
            for (long b = a; b < p; b++) {
                const double t0 = c0 * rows[b];
                const double t1 = c1 * rows[p + b];
                const double t2 = c2 * rows[2 * p + b];
                const double t3 = c3 * rows[3 * p + b];
                const double s01 = t0 + t1;
                const double s012 = s01 + t2;
                const double s = s012 + t3;
                g[a * p + b] = g[a * p + b] + s;
            }
            const double u0 = rows[a] * targets[0];
            const double u1 = rows[p + a] * targets[1];
            const double u2 = rows[2 * p + a] * targets[2];
            const double u3 = rows[3 * p + a] * targets[3];
            const double v01 = u0 + u1;
            const double v012 = v01 + u2;
            g[p * p + a] = g[p * p + a] + (v012 + u3);
        }
    }
}

static inline double from_bits(int64_t bits) { double d; memcpy(&d, &bits, 8); return d; }
static inline int64_t to_bits(double d) { int64_t b; memcpy(&b, &d, 8); return b; }

/* e^x for x <= 0 (NaN stays NaN; below -746 the result is 0). */
static inline double quire_exp_nonpositive(double x) {
    x = x < -746.0 ? -746.0 : x;
    const double magic = 0x1.8p52;
    const double kd = x * 0x1.71547652b82fep0 + magic;  /* round(x / ln 2) + magic */
    const int64_t k = to_bits(kd) - to_bits(magic);
    const double kr = kd - magic;
    /* Cody and Waite: ln 2 in two parts, the first exact times any k here. */
    const double r = (x - kr * 6.93147180369123816490e-01) - kr * 1.90821492927058770002e-10;
    /* Taylor to degree 13 by Estrin's scheme: short dependency chains. */
    const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    const double a0 = 1.0 + r, a1 = 0.5 + r * (1.0 / 6.0), a2 = 1.0 / 24.0 + r * (1.0 / 120.0),
                 a3 = 1.0 / 720.0 + r * (1.0 / 5040.0), a4 = 1.0 / 40320.0 + r * (1.0 / 362880.0),
                 a5 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0), a6 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    const double b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5;
    const double c0 = b0 + r4 * b1, c1 = b2 + r4 * a6;
    const double p = c0 + r8 * c1;
    /* 2^k in two factors, each a normal number, so results below the normal range round once. */
    const int64_t k1 = k >> 1, k2 = k - k1;
    return (p * from_bits((k1 + 1023) << 52)) * from_bits((k2 + 1023) << 52);
}

/* log(1 + e) for e in [0, 1]: 2·atanh(s) with s = e / (2 + e) <= 1/3. */
static inline double quire_log1p_unit(double e) {
    const double s = e / (2.0 + e);
    const double s2 = s * s;
    /* Σₖ s2ᵏ/(2k+3), k = 0…16, by Estrin's scheme. */
    const double t = s2, t2 = t * t, t4 = t2 * t2, t8 = t4 * t4, t16 = t8 * t8;
    const double d0 = 1.0 / 3 + t * (1.0 / 5), d1 = 1.0 / 7 + t * (1.0 / 9), d2 = 1.0 / 11 + t * (1.0 / 13),
                 d3 = 1.0 / 15 + t * (1.0 / 17), d4 = 1.0 / 19 + t * (1.0 / 21), d5 = 1.0 / 23 + t * (1.0 / 25),
                 d6 = 1.0 / 27 + t * (1.0 / 29), d7 = 1.0 / 31 + t * (1.0 / 33);
    const double f0 = d0 + t2 * d1, f1 = d2 + t2 * d3, f2 = d4 + t2 * d5, f3 = d6 + t2 * d7;
    const double g0 = f0 + t4 * f1, g1 = f2 + t4 * f3;
    const double p = (g0 + t8 * g1) + t16 * (1.0 / 35);
    const double s3 = s * s2;
    return 2.0 * s + 2.0 * (s3 * p);
}

QUIRE_CLONES
void quire_logistic_terms(const double *z, const double *target, long n, double *loss, double *residual) {
    /* Per lane, in the order the header gives; e = e^-|z| serves the loss and the probability. */
    for (long i = 0; i < n; i++) {
        const double zi = z[i];
        const double e = quire_exp_nonpositive(zi < 0 ? zi : -zi);
        const double t = target[i];
        loss[i] = ((zi > 0 ? zi : 0.0) + quire_log1p_unit(e)) - t * zi;
        residual[i] = (zi >= 0 ? 1.0 : e) / (1.0 + e) - t;
    }
}

void quire_bin_counts(const double *values, long n, const double *edges, long edge_count, long *tallies) {
    const long bin_count = edge_count + 1;
    for (long i = 0; i < n; i++) {
        const double value = values[i];
        long bin = 0;
        for (long e = 0; e < edge_count; e++) bin += edges[e] <= value;
        tallies[(i & 3) * bin_count + bin]++;
    }
}

void quire_histogram(const double *values, long n, const double *edges, long bins, long *tallies) {
    const double first = edges[0], last = edges[bins];
    const double scale = (double)bins / (last - first);
    for (long i = 0; i < n; i++) {
        const double value = values[i];
        if (!(value >= first && value <= last)) continue;
        /* In [0, bins] for a value between the edges, so the conversion is defined. */
        long bin = (long)((value - first) * scale);
        if (bin > bins - 1) bin = bins - 1;
        while (bin > 0 && value < edges[bin]) bin--;
        while (bin < bins - 1 && value >= edges[bin + 1]) bin++;
        tallies[(i & 3) * bins + bin]++;
    }
}
