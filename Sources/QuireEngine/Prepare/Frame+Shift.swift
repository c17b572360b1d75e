extension Frame {
    /// The frame with chosen numeric columns changed to `x × scale + shift`, to fake drift.
    ///
    /// - Throws: ``FrameError`` for unknown or categorical columns.
    public func shifting(_ shifts: [ColumnShift]) throws -> Frame {
        var frame = self
        for shift in shifts {
            let column = try frame.column(named: shift.column)
            guard let numbers = column.numbers else {
                throw FrameError(
                    .wrongKind, "cannot shift categorical column `\(shift.column)`", hint: "shift numeric columns only")
            }
            frame = try frame.setting(
                Column(name: shift.column, numbers: numbers.map { $0 * shift.scale + shift.shift }))
        }
        return frame
    }
}
