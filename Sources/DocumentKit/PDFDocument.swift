import CPoppler
import Foundation

/// A PDF opened with poppler through its GLib interface (the library libvips' `pdfload`
/// renders with): its pages, their displayed size and rotation, and the text a page already
/// carries. Not thread-safe: one owner at a time.
public final class PDFDocument {
    private let document: OpaquePointer

    /// Opens the PDF file at `path`; `password` opens an encrypted one.
    public init(file path: String, password: String? = nil) throws(PDFError) {
        var error: UnsafeMutablePointer<GError>?
        // A URI names an absolute path: a relative one is taken from the working directory.
        guard let uri = g_filename_to_uri(URL(fileURLWithPath: path).path, nil, &error) else { throw PDFError.from(error, passwordGiven: password != nil) }
        defer { g_free(uri) }
        guard let opened = poppler_document_new_from_file(uri, password, &error) else {
            throw PDFError.from(error, passwordGiven: password != nil)
        }
        document = opened
    }

    /// Opens a PDF held in memory (the bytes are copied).
    public init(data: Data, password: String? = nil) throws(PDFError) {
        var error: UnsafeMutablePointer<GError>?
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        guard let opened = poppler_document_new_from_bytes(bytes, password, &error) else {
            throw PDFError.from(error, passwordGiven: password != nil)
        }
        document = opened
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    /// Pages as poppler counts them.
    public var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The page at `index` (from 0), `nil` past the end or when poppler cannot read it.
    public func page(_ index: Int) -> PDFPage? {
        guard index >= 0, index < pageCount, let page = poppler_document_get_page(document, Int32(index)) else { return nil }
        return PDFPage(page)
    }
}

/// One page of a ``PDFDocument``.
public final class PDFPage {
    private let page: OpaquePointer

    fileprivate init(_ page: OpaquePointer) { self.page = page }

    deinit { g_object_unref(UnsafeMutableRawPointer(page)) }

    /// Width and height in points as the page is displayed: its crop box, turned by its `/Rotate`.
    public var displayedSize: (width: Double, height: Double) {
        var width = 0.0, height = 0.0
        poppler_page_get_size(page, &width, &height)
        return (width, height)
    }

    /// The text the page carries, in poppler's reading order.
    public var text: String {
        guard let raw = poppler_page_get_text(page) else { return "" }
        defer { g_free(raw) }
        return String(cString: raw)
    }

    /// Whether the page carries text of its own (a born-digital page, or an earlier OCR layer).
    public var hasText: Bool { text.contains { !$0.isWhitespace } }

    /// The page's own text as lines, each with its box in points in the displayed page (origin
    /// at its top-left corner, y down: as the page is rendered), in poppler's reading order.
    public func textLines() -> [PDFTextLine] {
        guard let raw = poppler_page_get_text(page) else { return [] }
        defer { g_free(raw) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else { return [] }
        defer { g_free(rectangles) }
        // One rectangle per character of the text, line breaks included.
        var lines: [PDFTextLine] = []
        var text = "", box: PDFRect?
        func finish() {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, let box { lines.append(PDFTextLine(text: trimmed, box: box)) }
            text = ""
            box = nil
        }
        for (index, scalar) in String(cString: raw).unicodeScalars.enumerated() where index < Int(count) {
            if scalar == "\n" {
                finish()
                continue
            }
            text.unicodeScalars.append(scalar)
            guard !scalar.properties.isWhitespace else { continue }
            let r = rectangles[index]
            let glyph = PDFRect(x: min(r.x1, r.x2), y: min(r.y1, r.y2), width: abs(r.x2 - r.x1), height: abs(r.y2 - r.y1))
            box = box.map { $0.union(glyph) } ?? glyph
        }
        finish()
        return lines
    }
}

/// A line of a page's own text and its box in displayed points.
public struct PDFTextLine: Sendable, Hashable {
    public var text: String
    public var box: PDFRect
}

/// A rectangle in PDF points.
public struct PDFRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public func union(_ other: PDFRect) -> PDFRect {
        let left = min(x, other.x), top = min(y, other.y)
        return PDFRect(x: left, y: top, width: max(x + width, other.x + other.width) - left, height: max(y + height, other.y + other.height) - top)
    }
}

/// Why a PDF cannot be opened.
public enum PDFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// It is encrypted and needs a password (none given, or the one given is wrong).
    case encrypted(passwordGiven: Bool)
    /// It is damaged or not a PDF.
    case damaged(String)

    static func from(_ error: UnsafeMutablePointer<GError>?, passwordGiven: Bool) -> PDFError {
        guard let error else { return .damaged("poppler could not open it") }
        defer { g_error_free(error) }
        // POPPLER_ERROR_ENCRYPTED, in poppler's own error domain.
        if error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return .encrypted(passwordGiven: passwordGiven)
        }
        return .damaged(error.pointee.message.map { String(cString: $0) } ?? "poppler could not open it")
    }

    public var description: String {
        switch self {
        case .encrypted(let given): given ? "the password does not open it" : "it is encrypted"
        case .damaged(let detail): detail
        }
    }
}
