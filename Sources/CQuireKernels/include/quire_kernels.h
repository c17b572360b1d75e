#ifndef QUIRE_KERNELS_H
#define QUIRE_KERNELS_H

/// Nearest-neighbour scoring, compiled for several instruction sets (AVX-512, AVX2, baseline)
/// and chosen when the program loads. Every version performs the same operations in the same
/// order per lane (products and sums are never fused), so all give bit-identical results.
///
/// `groups` holds training rows transposed in groups of eight: for group g, feature j, lane l,
/// `groups[(g * width + j) * 8 + l]`. `norms` holds their squared norms (8 per group; +inf
/// in lanes without a row). The score of a row is `norm - 2 * dot(query, row)`, which ranks
/// rows as their distance to the query does.
///
/// Scores the groups `first..<last` against one query; for each group whose smallest score is
/// below `bound`, writes its index to `kept` and its eight scores to `scores` (8 per kept
/// group). Returns how many groups were kept.
long quire_knn_candidates(
    const double *query, const double *groups, const double *norms, long width, long first, long last,
    double bound, long *kept, double *scores);

#endif
