/// How `rank` numbers tied values (pandas' `rank(method=…)`).
enum RankMethod: String, CaseIterable, Sendable {
    /// The mean of the positions the ties take (pandas' default).
    case average
    /// The lowest of those positions.
    case min
    /// The highest.
    case max
    /// Each its own position, in window order.
    case first
    /// The lowest position, counting distinct values only: no gaps after ties.
    case dense
}

// The window kernels: each takes values in row order, runs over every group of a layout in window
// order, and returns results in row order. Numbers are `[Double]` (NaN missing); anything kept as
// doubles (dates too) shares the numeric path.

extension WindowLayout {
    /// The value `n` rows earlier in the group (`n < 0`: later), or `missing` past the group's edge:
    /// pandas' `groupby().shift(n)`.
    func shifted<Value>(_ values: [Value], by n: Int, missing: Value) -> [Value] {
        var result = [Value](repeating: missing, count: values.count)
        forEachGroup { group in
            for k in group {
                let source = k - n
                if source >= group.lowerBound, source < group.upperBound { result[rows[k]] = values[rows[source]] }
            }
        }
        return result
    }

    /// The running total of each group, skipping missing values (the total at a missing value is
    /// missing; later rows go on from the total before it), with Kahan compensation as pandas'
    /// `groupby().cumsum()` adds.
    func cumulativeSum(_ values: [Double]) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        forEachGroup { group in
            var total = 0.0
            var compensation = 0.0
            for k in group {
                let row = rows[k]
                let value = values[row]
                guard !value.isNaN else { continue }
                let y = value - compensation
                let t = total + y
                compensation = (t - total) - y
                total = t
                result[row] = t
            }
        }
        return result
    }

    /// The sum (or mean) of the last `window` rows of the group up to each row, over the values
    /// present; missing when fewer than `minPeriods` are present. This is pandas'
    /// `groupby().rolling(window, min_periods).sum()` / `.mean()` computed as pandas does: one running
    /// sum per group, values added and removed with Kahan compensation, a window of equal values
    /// given exactly, and a mean of all-positive (all-negative) values never below (above) zero.
    func rolling(_ values: [Double], window: Int, minPeriods: Int, mean: Bool) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        forEachGroup { group in
            var state = RollingSum()
            for k in group {
                // pandas removes the value leaving the window before adding the one entering it.
                let leaving = k - window
                if leaving >= group.lowerBound { state.remove(values[rows[leaving]]) }
                state.add(values[rows[k]])
                result[rows[k]] = mean ? state.mean(minPeriods: minPeriods) : state.sum(minPeriods: minPeriods)
            }
        }
        return result
    }

    /// Each value's rank within its group, smallest first, from 1; missing values stay missing
    /// (pandas' `groupby().rank(method, na_option="keep")`).
    func ranks(_ values: [Double], method: RankMethod) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        var positions: [Int] = []
        forEachGroup { group in
            positions.removeAll(keepingCapacity: true)
            for k in group where !values[rows[k]].isNaN { positions.append(k) }
            // Stable: ties keep window order, which `first` numbers by.
            positions.sort { a, b in
                let x = values[rows[a]]
                let y = values[rows[b]]
                return x < y || (x == y && a < b)
            }
            var start = 0
            var dense = 0.0
            while start < positions.count {
                let value = values[rows[positions[start]]]
                var end = start + 1
                while end < positions.count, values[rows[positions[end]]] == value { end += 1 }
                dense += 1
                for i in start..<end {
                    let rank: Double
                    switch method {
                    case .average: rank = Double(start + end + 1) / 2
                    case .min: rank = Double(start + 1)
                    case .max: rank = Double(end)
                    case .first: rank = Double(i + 1)
                    case .dense: rank = dense
                    }
                    result[rows[positions[i]]] = rank
                }
                start = end
            }
        }
        return result
    }
}

/// A sum over a sliding window, as pandas' `roll_sum` / `roll_mean` keep it.
private struct RollingSum {
    private var count = 0
    private var total = 0.0
    private var addCompensation = 0.0
    private var removeCompensation = 0.0
    private var negatives = 0
    /// The last value added and how many equal values were added in a row up to it.
    private var previous = Double.nan
    private var repeats = 0

    mutating func add(_ value: Double) {
        guard !value.isNaN else { return }
        count += 1
        let y = value - addCompensation
        let t = total + y
        addCompensation = (t - total) - y
        total = t
        if value.sign == .minus { negatives += 1 }
        repeats = value == previous ? repeats + 1 : 1
        previous = value
    }

    mutating func remove(_ value: Double) {
        guard !value.isNaN else { return }
        count -= 1
        let y = -value - removeCompensation
        let t = total + y
        removeCompensation = (t - total) - y
        total = t
        if value.sign == .minus { negatives -= 1 }
    }

    func sum(minPeriods: Int) -> Double {
        if count == 0, minPeriods == 0 { return 0 }
        guard count >= minPeriods else { return .nan }
        return repeats >= count ? previous * Double(count) : total
    }

    func mean(minPeriods: Int) -> Double {
        guard count >= minPeriods, count > 0 else { return .nan }
        if repeats >= count { return previous }
        let mean = total / Double(count)
        if negatives == 0, mean < 0 { return 0 }
        if negatives == count, mean > 0 { return 0 }
        return mean
    }
}
