import CharacterWidth

/// A rectangle in the recognised image's pixels.
public struct PixelRect: Sendable, Hashable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
}

/// One recognised character (Tesseract's "symbol").
public struct Symbol: Sendable, Hashable {
    public var text: String
    public var box: PixelRect
    /// 0–100.
    public var confidence: Double
    /// Whether a new word begins with this symbol.
    public var startsWord: Bool
}

/// One recognised text line.
public struct TextLine: Sendable, Hashable {
    public var box: PixelRect
    public var symbols: [Symbol]

    /// The line's text: words separated by one space, except where either side of the gap is
    /// CJK, which is written without spaces (Tesseract's chi_sim model splits Chinese into
    /// "words" that a reader never separates).
    public var text: String {
        spacedSymbols.map { ($0.spaceBefore ? " " : "") + $0.symbol.text }.joined()
    }

    /// The symbols with whether ``text`` puts a space before each.
    public var spacedSymbols: [(symbol: Symbol, spaceBefore: Bool)] {
        symbols.enumerated().map { index, symbol in
            guard index > 0, symbol.startsWord,
                let previous = symbols[index - 1].text.unicodeScalars.last, let next = symbol.text.unicodeScalars.first
            else {
                return (symbol, false)
            }
            return (symbol, !WideCharacters.joinsWithoutSpaces(previous) && !WideCharacters.joinsWithoutSpaces(next))
        }
    }
}
