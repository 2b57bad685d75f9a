import Foundation
import VipsKit

/// Images with known content, rendered with libvips and Debian's fonts (DejaVu for Latin,
/// WenQuanYi Micro Hei for Chinese): the project's samples, test inputs and benchmark inputs.
/// Every text line's ink box is known, so recognition and tiling can be checked against it.
public enum SyntheticImages {
    /// A line of text placed on a canvas, and where its ink ended up.
    public struct PlacedLine: Sendable, Hashable {
        public var text: String
        /// Ink bounding box in the canvas' pixels.
        public var box: Box
    }

    /// A rectangle in pixels (top-left corner and size).
    public struct Box: Sendable, Hashable {
        public var x: Int, y: Int, width: Int, height: Int
        public init(x: Int, y: Int, width: Int, height: Int) { self.x = x; self.y = y; self.width = width; self.height = height }
    }

    /// An image with the text lines drawn on it.
    public struct Rendered: Sendable {
        public var image: VImage
        public var lines: [PlacedLine]
    }

    /// Latin and Chinese: Pango falls back to the CJK font for Han characters.
    public static let defaultFont = "DejaVu Sans, WenQuanYi Micro Hei"

    /// A text mask (255 = ink) and the ink's box inside it.
    public static func textMask(_ text: String, font: String = defaultFont, pixelHeight: Int) throws -> (mask: VImage, ink: Box) {
        // At 72 dpi a Pango size in points is a size in pixels.
        let mask = try VImage.text(text, font: "\(font) \(pixelHeight)", dpi: 72)
        return (mask, try inkBox(mask))
    }

    /// The bounding box of values above 127 in a one-band image.
    public static func inkBox(_ mask: VImage) throws -> Box {
        let pixels = [UInt8](try mask.pixelBytes())
        let width = mask.width
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1
        for y in 0..<mask.height {
            let row = y * width
            for x in 0..<width where pixels[row + x] > 127 {
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard maxX >= 0 else { return Box(x: 0, y: 0, width: 0, height: 0) }
        return Box(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    /// Dark text lines on a white (or given grey) RGB canvas; each line's top-left at its point.
    public static func page(width: Int, height: Int, lines: [(text: String, x: Int, y: Int, pixelHeight: Int)], background: Double = 255) throws -> Rendered {
        var canvas = try VImage.black(width: width, height: height, bands: 3).linear(1, background)
        var placed: [PlacedLine] = []
        for line in lines {
            let (mask, ink) = try textMask(line.text, pixelHeight: line.pixelHeight)
            let darkOnWhite = try mask.linear(-Double(background - 20) / 255, background)
            canvas = try canvas.inserting(try darkOnWhite.joiningBands(darkOnWhite).joiningBands(darkOnWhite), x: line.x, y: line.y)
            placed.append(PlacedLine(text: line.text, box: Box(x: line.x + ink.x, y: line.y + ink.y, width: ink.width, height: ink.height)))
        }
        // Inserting into a lazily evaluated canvas many times builds a deep pipeline; evaluate once.
        return Rendered(image: try canvas.copiedToMemory(), lines: placed)
    }

    /// A camera-like photo with white text panels at the given places. `grain` is the fine
    /// sensor-like noise (45 compresses like a real photo, about 2–3 bits per pixel at quality
    /// 90); `smooth` replaces it with soft blotches, like an out-of-focus background, on which
    /// an OCR engine finds no phantom text.
    public static func photo(
        width: Int, height: Int, seedSigma: Double = 45, smooth: Bool = false,
        panels: [(text: String, x: Int, y: Int, pixelHeight: Int)]
    ) throws -> Rendered {
        let noise =
            smooth
            ? try VImage.noise(width: width / 8, height: height / 8, mean: 128, sigma: 90).gaussianBlurred(sigma: 3)
                .resized(horizontal: Double(width) / Double(width / 8), vertical: Double(height) / Double(height / 8)).cast(to: .uchar, shift: false)
            : try VImage.noise(width: width, height: height, mean: 128, sigma: seedSigma).gaussianBlurred(sigma: 1.5).cast(to: .uchar, shift: false)
        var canvas = try noise.joiningBands(noise.linear(0.7, 40)).joiningBands(noise.linear(0.5, 70))
        var placed: [PlacedLine] = []
        for panel in panels {
            let (mask, ink) = try textMask(panel.text, pixelHeight: panel.pixelHeight)
            let margin = panel.pixelHeight / 2
            let paper = try mask.inverted().linear(0.9, 15).embeddedOnWhite(
                x: margin, y: margin, width: mask.width + 2 * margin, height: mask.height + 2 * margin)
            canvas = try canvas.inserting(try paper.joiningBands(paper).joiningBands(paper), x: panel.x - margin, y: panel.y - margin)
            placed.append(PlacedLine(text: panel.text, box: Box(x: panel.x + ink.x, y: panel.y + ink.y, width: ink.width, height: ink.height)))
        }
        return Rendered(image: try canvas.copiedToMemory(), lines: placed)
    }

    /// A long phone screenshot: a header bar and many short lines of text at a regular pitch.
    public static func screenshot(
        width: Int = 1080, lineCount: Int, pitch: Int = 120, pixelHeight: Int = 36, top: Int = 200,
        text: (Int) -> String
    ) throws -> Rendered {
        let height = top + lineCount * pitch + 100
        var rendered = try page(
            width: width, height: height,
            lines: (0..<lineCount).map { (text($0), 60, top + $0 * pitch, pixelHeight) })
        var header = try VImage.black(width: width, height: 140, bands: 3).linear(1, 60)
        let (title, ink) = try textMask("Messages", pixelHeight: 48)
        let lightOnDark = try title.linear(195.0 / 255, 60)
        let white = try lightOnDark.joiningBands(lightOnDark).joiningBands(lightOnDark)
        header = try header.inserting(white, x: 60, y: 40)
        rendered.image = try rendered.image.inserting(header, x: 0, y: 0).copiedToMemory()
        rendered.lines.insert(PlacedLine(text: "Messages", box: Box(x: 60 + ink.x, y: 40 + ink.y, width: ink.width, height: ink.height)), at: 0)
        return rendered
    }
}
