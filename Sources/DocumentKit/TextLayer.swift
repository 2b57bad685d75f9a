import Foundation

/// A point in PDF points.
public struct PDFPoint: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A line of text to lay invisibly over a page: its text and its quadrilateral on the page as
/// displayed, in points with the origin at the bottom-left corner and y up. The corners run
/// in reading order: the start and the end of the line's top edge, then the end and the start
/// of its bottom edge (for a vertical CJK column: top-right, bottom-right, bottom-left, top-left).
public struct TextLayerLine: Sendable, Hashable, Codable {
    public var text: String
    public var corners: [PDFPoint]

    public init(text: String, corners: [PDFPoint]) {
        self.text = text
        self.corners = corners
    }
}

/// The content operators of an invisible text layer (render mode 3): each line in its own
/// `BT … ET`, in the order given (viewers select text in content order, so give reading
/// order), its baseline along the line's bottom edge, its font size the line's height and its
/// horizontal scale stretching the glyphs over the line's length.
public enum TextLayer {
    /// The name the layer's operators give the font in the page's resources.
    public static let fontResourceName = "OCRPipelineText"

    /// Operators drawing `lines`, allocating their characters in `font`.
    public static func operators(_ lines: [TextLayerLine], font: inout GlyphlessFont) -> String {
        var out = ""
        for line in lines where line.corners.count == 4 {
            let scalars = line.text.unicodeScalars.count
            guard scalars > 0 else { continue }
            let (start, end, bottomEnd, bottomStart) = (line.corners[0], line.corners[1], line.corners[2], line.corners[3])
            var direction = PDFPoint(x: (end.x - start.x + bottomEnd.x - bottomStart.x) / 2, y: (end.y - start.y + bottomEnd.y - bottomStart.y) / 2)
            var length = (direction.x * direction.x + direction.y * direction.y).squareRoot()
            if length < 0.01 {
                direction = PDFPoint(x: 1, y: 0)
                length = 0.01
            }
            let cos = direction.x / length, sin = direction.y / length
            // Height: how far the top edge lies from the bottom edge, across the line.
            let height = abs((start.x - bottomStart.x) * -sin + (start.y - bottomStart.y) * cos)
            let size = max(height, 0.5)
            let scale = 100 * length / (size * Double(GlyphlessFont.advance) / 1000 * Double(scalars))
            let codes = font.cids(for: line.text).map { String(format: "%04X", $0) }.joined()
            out += "BT 3 Tr /\(fontResourceName) \(number(size)) Tf \(number(scale)) Tz "
            out += "\(number(cos)) \(number(sin)) \(number(-sin)) \(number(cos)) \(number(bottomStart.x)) \(number(bottomStart.y)) Tm <\(codes)> Tj ET\n"
        }
        return out
    }

    /// A number as PDF writes it: at most four decimals, no exponent.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
