import QuireSupport

extension OutputRendering {
    /// A table in the box that lets wide tables fit a page, a phone and paper.
    ///
    /// The stylesheet's `.table-scroll` rules (``QuireReport``'s `Stylesheet`) let the box grow
    /// past the text column up to the window's width, scroll sideways beyond that with a shadow
    /// at the edge that hides more columns, and keep the first column (and a `status` cell) in
    /// view; in print the table wraps to the page's width instead. The box is a focusable,
    /// labelled region, so a keyboard can scroll it too.
    ///
    /// - Parameters:
    ///   - table: The `<table>` (and anything that belongs under it, such as a "first 10 rows" note).
    ///   - columns: How many columns the table has, for the region's label.
    /// - Returns: The table inside its box.
    public static func scrollingTable(_ table: HTML, columns: Int) -> HTML {
        .element(
            "div",
            ["class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": "table, \(columns) columns"],
            table)
    }
}
