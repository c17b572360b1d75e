/// Elementary functions computed with IEEE `+ - * /` only, so they give the same bits everywhere
/// (the C library's `log` may differ in the last bit between platforms).
public enum PortableMath {
    /// The natural logarithm of a positive, finite, normal number, to within a few ulps.
    ///
    /// Writes `x = m · 2^k` with `m` in `[√½, √2)`, then `log m = 2·atanh(f)` with `f = (m-1)/(m+1)`,
    /// summing the odd series `2(f + f³/3 + … + f²³/23)` by Horner's rule, and adds `k · ln 2`.
    public static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite && x.isNormal, "PortableMath.log needs a positive normal number")
        let bits = x.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > 1.4142135623730951 {
            m *= 0.5
            exponent += 1
        }
        let f = (m - 1.0) / (m + 1.0)
        let f2 = f * f
        var series = 2.0 / 23.0
        for k in stride(from: 21, through: 1, by: -2) {
            series = series * f2 + 2.0 / Double(k)
        }
        return Double(exponent) * 0.6931471805599453 + f * series
    }
}
