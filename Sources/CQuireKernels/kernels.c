#include "quire_kernels.h"

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
