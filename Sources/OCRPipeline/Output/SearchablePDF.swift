import DocumentKit
import Foundation

/// The searchable PDF of an input: its pages with an invisible text layer of the recognised
/// lines, in reading order, where they were read.
///
/// - A PDF input keeps its own pages (vector text, images, boxes, `/Rotate`): the layer is
///   grafted onto them (``DocumentReading/writeSearchablePDF(of:layers:to:)``, in a worker
///   process, since it parses the input).
/// - An image input — an image, or the pages of a multi-page TIFF — becomes pages showing the
///   upright image (``PagePicture``), sized from its resolution.
enum SearchablePDF {
    /// The resolution an image without one of its own is placed at: its long side fits an A4
    /// page (11.69 inches), never below 72 dpi (a small image is not blown up).
    static func resolution(of page: JobResult) -> Double {
        if let dpi = page.source.dpi, dpi >= 50 { return dpi }
        guard let size = page.source.uprightSize else { return 72 }
        return max(72, Double(size.longSide) / 11.69)
    }

    /// A page's lines in its displayed frame, in points with the origin at the bottom-left.
    static func lines(of page: JobResult, dpi: Double) -> [TextLayerLine] {
        guard let size = page.source.uprightSize else { return [] }
        let scale = 72 / dpi
        let height = Double(size.height) * scale
        func point(_ x: Double, _ y: Double) -> PDFPoint { PDFPoint(x: x * scale, y: height - y * scale) }
        return page.items.map { item in
            if let polygon = item.polygon, polygon.count == 4 {
                return TextLayerLine(text: item.itemstring, corners: polygon.map { point($0.x, $0.y) })
            }
            let box = item.itemcoord
            let (left, top, right, bottom) = (Double(box.x), Double(box.y), Double(box.maxX), Double(box.maxY))
            let corners =
                ReadingOrder.isVerticalLine(item)
                // A column read downwards: its "top" edge is its right side.
                ? [point(right, top), point(right, bottom), point(left, bottom), point(left, top)]
                : [point(left, top), point(right, top), point(right, bottom), point(left, bottom)]
            return TextLayerLine(text: item.itemstring, corners: corners)
        }
    }

    /// Writes the pages of an image input to `path`; `picture(i)` gives page i's picture.
    static func writeImages(_ pages: [JobResult], picture: (Int) throws -> PagePicture?, to path: String) throws {
        let writer = try ImagePDFWriter(path: path)
        for (index, page) in pages.enumerated() {
            let dpi = resolution(of: page)
            let size = page.source.uprightSize ?? PixelSize(width: 612, height: 792)
            var image: PDFImage?
            if let shown = try picture(index) {
                switch shown.encoding {
                case .jpeg: image = .jpeg(shown.bytes, width: shown.width, height: shown.height, components: shown.components)
                case .png: image = try PDFImage.png(shown.bytes)
                }
            }
            try writer.addPage(
                width: Double(size.width) * 72 / dpi, height: Double(size.height) * 72 / dpi, image: image, lines: lines(of: page, dpi: dpi))
        }
        try writer.finish()
    }

    /// The layers for a PDF input's pages: page index (from 0) → lines, for pages read.
    static func layers(_ pages: [JobResult]) -> [Int: [TextLayerLine]] {
        var layers: [Int: [TextLayerLine]] = [:]
        for page in pages {
            guard let number = page.source.page, let dpi = page.source.dpi, page.failure == nil, !page.keptOwnText else { continue }
            layers[number - 1] = lines(of: page, dpi: dpi)
        }
        return layers
    }
}

extension JobResult {
    /// Whether a PDF page's own text was kept as its result (it needs no layer: it has its text).
    var keptOwnText: Bool { records.contains { $0.decisions["own_text_lines_kept"] != nil } }
}
