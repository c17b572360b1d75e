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
