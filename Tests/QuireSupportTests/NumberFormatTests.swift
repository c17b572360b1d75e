import Foundation
import QuireSupport
import Testing

/// The one number rule: what the examples read as, and that every formatted number is
/// the value to within half a unit of its last significant digit.
@Suite struct NumberFormatTests {
    @Test(
        arguments: [
            (791.8799999999999, "791.9"), (2.0545796685394, "2.055"), (1.5303124093282419, "1.53"),
            (9173217.873097703, "9,173,218"), (0, "0"), (-0.0, "0"), (5, "5"), (1234, "1,234"), (-1234.5678, "-1,235"),
            (0.5, "0.5"), (0.1 + 0.2, "0.3"), (0.00012346, "0.0001235"), (0.000012345, "1.234e-5"),
            (9.9996, "10"), (99.996, "100"), (0.99996, "1"), (123.45, "123.5"), (1e15, "1e15"), (2e20, "2e20"),
            (-3.5e-9, "-3.5e-9"), (Double.nan, "NaN"), (Double.infinity, "∞"), (-Double.infinity, "-∞"),
        ] as [(Double, String)])
    func decimals(value: Double, expected: String) {
        #expect(NumberFormat.decimal(value) == expected)
    }

    @Test func optionsAndOtherKinds() {
        #expect(NumberFormat.decimal(2024, grouping: false) == "2024")
        #expect(NumberFormat.decimal(Double?.none) == "—")
        #expect(NumberFormat.decimal(Double?.some(.nan)) == "—")
        #expect(NumberFormat.decimal(3.14159, significantDigits: 6) == "3.14159")
        #expect(NumberFormat.integer(1_234_567) == "1,234,567")
        #expect(NumberFormat.integer(-1000) == "-1,000")
        #expect(NumberFormat.integer(Int.min) == "-9,223,372,036,854,775,808")
        #expect(NumberFormat.percent(0.1234) == "12.34%")
        #expect(NumberFormat.percent(0.5) == "50%")
        #expect(NumberFormat.percent(1) == "100%")
        #expect(NumberFormat.percent(0.99999) == "99.999%")
        #expect(NumberFormat.percent(1 - 1e-9) == "99.9999999%")
        #expect(NumberFormat.percent(0.9995) == "99.95%")
        #expect(NumberFormat.percent(1e-9) == "1e-7%")
        #expect(NumberFormat.pValue(0.04567) == "0.0457")
        #expect(NumberFormat.pValue(3.21e-7) == "3.21e-7")
        #expect(NumberFormat.pValue(0) == "0")
        #expect(NumberFormat.scientific(123456) == "1.235e5")
        #expect(NumberFormat.count(1, "step") == "1 step")
        #expect(NumberFormat.count(0, "alert") == "0 alerts")
        #expect(NumberFormat.count(1200, "row") == "1,200 rows")
    }

    /// Any value reads back within half a unit of its last significant digit.
    @Test func roundTripsWithinHalfAUnit() throws {
        // Deterministic: a golden-ratio walk over 30 decades, both signs.
        for index in 0..<20_000 {
            let step = (Double(index) * 0.618_033_988_749_895).truncatingRemainder(dividingBy: 1)
            let value = (index.isMultiple(of: 2) ? 1 : -1) * pow(10, -12 + 30 * step)
            let text = NumberFormat.decimal(value)
            let parsed = try #require(Double(text.replacingOccurrences(of: ",", with: "")), "\(value) → \(text)")
            let magnitude = abs(value)
            // The whole integer part is kept above 1,000: the error is then at most 0.5.
            let allowed = magnitude >= 1000 && magnitude < NumberFormat.largest ? 0.5 : 5e-4 * magnitude
            #expect(abs(parsed - value) <= allowed * (1 + 1e-9), "\(value) → \(text)")
        }
    }
}
