import DocumentKit

/// The pages of a document input — a PDF, a multi-page TIFF — that a pipeline reads. Each page
/// goes through the stages as an image of its own; the runner spreads them over its workers.
public struct DocumentPlan: Sendable, Codable, Hashable {
    public var format: ImageFormat
    /// Pages in the file.
    public var pageCount: Int
    /// The pages to read (from 1), in order.
    public var pages: [Int]

    public init(format: ImageFormat, pageCount: Int, pages: [Int]) {
        self.format = format
        self.pageCount = pageCount
        self.pages = pages
    }
}

/// A stage that opens inputs (`decode`), and so knows which are documents and which of their
/// pages to read. The runner asks it before processing an input whose bytes name a format that
/// holds pages (``ImageFormat/holdsPages``), then runs the pipeline once per page, setting
/// ``Job/page``.
public protocol DocumentReading: Stage {
    /// The plan for a document, `nil` for an image (a single-page TIFF included). Throws a
    /// ``DescribedError`` when the document cannot be opened (encrypted, damaged, too many pages).
    func plan(_ source: ImageSource) throws -> DocumentPlan?

    /// Writes the searchable copy of a PDF: its own pages, with `layers` (page index from 0 →
    /// lines in displayed points) added over them. Throws a ``DescribedError``.
    func writeSearchablePDF(of source: ImageSource, layers: [Int: [TextLayerLine]], to path: String) throws
}
