/// Sine and cosine without Foundation, by Taylor series after range reduction; accurate to
/// about 1e-12, and the same on every platform, which keeps SVG bytes deterministic.
func sine(_ angle: Double) -> Double {
    let twoPi = 2 * Double.pi
    var x = angle - (angle / twoPi).rounded(.down) * twoPi
    if x > Double.pi { x -= twoPi }
    // Reduce to [-pi/2, pi/2] using sin(pi - x) = sin(x).
    if x > Double.pi / 2 { x = Double.pi - x }
    if x < -Double.pi / 2 { x = -Double.pi - x }
    var term = x
    var sum = x
    let square = x * x
    for k in 1...12 {
        term *= -square / Double((2 * k) * (2 * k + 1))
        sum += term
    }
    return sum
}

/// Cosine as a shifted ``sine(_:)``.
func cosine(_ angle: Double) -> Double { sine(angle + Double.pi / 2) }
