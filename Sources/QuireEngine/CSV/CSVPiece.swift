/// One column's values within one chunk.
enum CSVPiece {
    case numeric(CSVNumericPiece)
    case text(CSVTextPiece)
}
