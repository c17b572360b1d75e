import Foundation
import QuireSupport
import Testing

@testable import QuireChart

/// Round ticks and the scales' domains.
@Suite struct TicksTests {
    @Test func linearTicksAreRoundMultiples() {
        #expect(Ticks.linear(0, 1, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.linear(0.62, 0.81, count: 5) == [0.65, 0.7, 0.75, 0.8])
        #expect(Ticks.linear(-3, 17, count: 4) == [0, 5, 10, 15])
        #expect(Ticks.linear(0, 1_000_000, count: 5) == [0, 200_000, 400_000, 600_000, 800_000, 1_000_000])
    }

    @Test func niceStepIsOneTwoOrFiveTimesAPowerOfTen() {
        for span in [0.003, 0.7, 1, 3.3, 17, 950, 123_456] {
            let step = Ticks.niceStep(span: span, count: 5)
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }, "\(span) → \(step)")
            let count = span / step
            #expect(count >= 2 && count <= 11, "\(span) → \(step)")
        }
    }

    @Test func niceDomainCoversTheData() {
        let (lower, upper) = Ticks.niceDomain(0.613, 0.874)
        #expect(lower <= 0.613 && upper >= 0.874)
        #expect(lower == 0.6 && upper == 0.9)
        let single = Ticks.niceDomain(5, 5)
        #expect(single.0 < 5 && single.1 > 5)
    }

    @Test func labelsUseTheStepsDecimals() {
        #expect(Ticks.label(0.25, decimals: Ticks.decimals(step: 0.05)) == "0.25")
        #expect(Ticks.label(0.2, decimals: Ticks.decimals(step: 0.05)) == "0.20")
        #expect(Ticks.label(12_000, decimals: 0) == "12k")
        #expect(Ticks.label(1_500_000, decimals: 0) == "1.5M")
        #expect(Ticks.label(-3, decimals: 0) == "−3")
        #expect(Ticks.decimals(step: 1) == 0 && Ticks.decimals(step: 10) == 0)
        #expect(Ticks.decimals(step: 0.2) == 1 && Ticks.decimals(step: 0.05) == 2)
    }

    @Test func logTicksArePowersOfTen() {
        #expect(Ticks.log(1, 10_000) == [1, 10, 100, 1_000, 10_000])
        #expect(Ticks.log(1, 10) == [1, 2, 5, 10])
        #expect(Ticks.logDomain(3, 420) == (1, 1_000))
        #expect(Ticks.logLabel(0.01) == "0.01")
        #expect(Ticks.logLabel(1000) == "1000")
        #expect(Ticks.logLabel(100_000) == "100k")
    }

    @Test func timeTicksFallOnRoundDates() {
        let day = 86_400.0
        let start = Double(CivilDate.days(year: 2023, month: 1, day: 13)) * day
        let end = Double(CivilDate.days(year: 2024, month: 12, day: 2)) * day
        let (values, interval) = TimeTicks.ticks(start, end, count: 6)
        #expect(interval == .months(6))
        #expect(values.map { TimeTicks.text($0) } == ["2023-07-01", "2024-01-01", "2024-07-01"])
        #expect(TimeTicks.label(values[0], interval: interval, first: true) == "Jul 2023")
        #expect(TimeTicks.label(values[1], interval: interval, first: false) == "Jan 2024")
        #expect(TimeTicks.label(values[2], interval: interval, first: false) == "Jul")
        // Two weeks: ticks at midnight, Mondays when weekly.
        let week = TimeTicks.ticks(start, start + 20 * day, count: 4)
        #expect(week.interval == .seconds(7 * day))
        for value in week.values {
            #expect(value.truncatingRemainder(dividingBy: day) == 0)
            // 1970-01-05 was a Monday.
            #expect((Int(value / day) - 4) % 7 == 0)
        }
        let years = TimeTicks.ticks(0, Double(CivilDate.days(year: 2020, month: 1, day: 1)) * day, count: 6)
        #expect(years.interval == .months(120))
        #expect(TimeTicks.label(years.values[1], interval: years.interval, first: false) == "1980")
    }

    @Test func histogramEdgesAreRound() {
        let edges = Downsampling.histogramEdges(0.3, 9.7, bins: 10)
        #expect(edges == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(Downsampling.histogramEdges(2, 2, bins: 10) == [1.5, 2.5])
    }
}
