import Foundation
import QuireSupport
import Testing

@testable import QuireReport

/// The token colours of the report stylesheet: one for every kind the highlighter writes, in the
/// light and the dark theme, each readable (WCAG AA, 4.5:1) on every background code is shown on.
@Suite struct HighlightStylesheetTests {
    /// The `--name:#rrggbb` custom properties of the stylesheet's `:root` rules, light (outside
    /// the dark media query) or dark.
    static func properties(dark: Bool) -> [String: String] {
        var found: [String: String] = [:]
        let pattern = /--([a-z0-9-]+):(#[0-9a-fA-F]{6})/
        for line in Stylesheet.css.split(separator: "\n") {
            let isDark = line.hasPrefix("@media (prefers-color-scheme:dark){:root{")
            guard isDark == dark, isDark || line.hasPrefix(":root{") else { continue }
            for match in line.matches(of: pattern) { found[String(match.1)] = String(match.2) }
        }
        return found
    }

    /// WCAG 2 relative luminance of `#rrggbb`.
    static func luminance(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
        let linear = channels.map { $0 <= 0.040_45 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    static func contrast(_ first: String, _ second: String) -> Double {
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    @Test func contrastHelperMatchesWCAGExamples() {
        #expect(abs(Self.contrast("#000000", "#ffffff") - 21) < 1e-9)
        #expect(abs(Self.contrast("#777777", "#ffffff") - 4.48) < 0.01)
    }

    @Test(arguments: [false, true])
    func everyTokenColourIsReadable(dark: Bool) throws {
        let properties = Self.properties(dark: dark)
        // Code sits on `--code-bg` in prose and on `--bg` inside a step's panel.
        let backgrounds = try ["bg", "code-bg"].map { try #require(properties[$0], "--\($0)") }
        for kind in Highlighter.TokenKind.allCases {
            let colour = try #require(properties["tok-\(kind.rawValue)"], "--tok-\(kind.rawValue), dark: \(dark)")
            for background in backgrounds {
                let ratio = Self.contrast(colour, background)
                #expect(ratio >= 4.5, "\(kind) \(colour) on \(background): \(ratio)")
            }
            #expect(Stylesheet.css.contains(".\(kind.cssClass){color:var(--tok-\(kind.rawValue))"))
        }
    }

    /// Mindmap branches are drawn on light fills unless the theme sets them; in the dark theme the
    /// text is light, so every branch fill must be dark enough to read it (WCAG AA).
    @Test func mindmapBranchesAreReadableInTheDarkTheme() throws {
        let dark = Self.properties(dark: true)
        let text = try #require(dark["mermaid-text"])
        for index in 0..<8 {
            let fill = try #require(dark["mermaid-branch-\(index)"], "--mermaid-branch-\(index)")
            #expect(Self.contrast(text, fill) >= 4.5, "branch \(index): \(fill)")
        }
    }
}
