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
                  let previous = symbols[index - 1].text.unicodeScalars.last, let next = symbol.text.unicodeScalars.first else {
                return (symbol, false)
            }
            return (symbol, !Self.isCJK(previous) && !Self.isCJK(next))
        }
    }

    /// Han, kana, Hangul, and CJK and full-width punctuation (full-width digits and letters are
    /// wide Latin: spaced like Latin).
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            false
        case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x312F, 0x3190...0x31FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FA1F:
            true
        default:
            false
        }
    }
}
