#ifndef QUIRE_KERNELS_H
#define QUIRE_KERNELS_H

/// Numeric kernels compiled for several instruction sets (AVX-512, AVX2, baseline) and chosen
/// when the program loads. Every version performs the same operations in the same order per
/// lane (products and sums are never fused), so all give bit-identical results.
///
/// Nearest-neighbour scoring.
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

/// Adds rows `first..<last` of the row-major `x` (`width` columns) to a centred Gram matrix:
/// `g[a·width + b] += Σᵢ wᵢ(xᵢₐ − meanₐ)(xᵢᵦ − meanᵦ)` for `b ≥ a`, and
/// `g[width² + a] += Σᵢ (xᵢₐ − meanₐ)·wᵢ(yᵢ − yMean)`. Rows go four at a time (each entry
/// takes four products per load and store); `weights` may be null (all 1); `scratch` holds
/// `8 · width` doubles.
void quire_centred_gram(
    const double *x, const double *y, const double *weights, long width, long first, long last,
    const double *mean, double y_mean, double *g, double *scratch);

/// The binary logistic loss and residual of `n` rows from their scores `z` and 0/1 targets:
/// `loss[i] = (max(zᵢ, 0) + log1p(e)) − tᵢ·zᵢ` and `residual[i] = p − tᵢ`, with `e = exp(−|zᵢ|)` and
/// `p = 1/(1 + e)` for `zᵢ ≥ 0`, `e/(1 + e)` below (both stable). The exponential and the
/// logarithm are this file's own polynomials (Cody and Waite's reduction and a Taylor polynomial
/// of degree 13; `2·atanh(e/(2 + e))` to degree 35), evaluated by Estrin's scheme so that the
/// lanes of a vector do not wait on each other. The loss and probability are within 6 ulps of
/// those glibc's functions give (`LogisticKernelTests`, 200,000 scores), and the same bits in
/// every compiled version.
void quire_logistic_terms(const double *z, const double *target, long n, double *loss, double *residual);

/// Counts values into the `edge_count + 1` bins that ascending cut points make: a value's bin is
/// how many cut points are at most it (NaN: none). Value `i` is tallied in
/// `tallies[(i mod 4)·(edge_count + 1) + bin]` (four interleaved tallies, so that runs of values
/// in one bin do not wait on each other's increments); the caller adds the four up.
void quire_bin_counts(const double *values, long n, const double *edges, long edge_count, long *tallies);

/// numpy's `histogram` counts of values over ascending `edges` (`bins + 1` of them, the first below
/// the last): bins `[eᵢ, eᵢ₊₁)`, the last closed, values outside (and NaN) not counted. The bin is
/// computed from the value's offset, then moved until the edges enclose the value, so the counts
/// equal those of comparing with the edges. Value `i` is tallied in `tallies[(i mod 4)·bins + bin]`.
void quire_histogram(const double *values, long n, const double *edges, long bins, long *tallies);

#endif
