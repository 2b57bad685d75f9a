import CPopplerSplash

/// Draws PDF pages with poppler's Splash rasteriser, as `pdftoppm` does: two to three times
/// faster on scanned pages than the cairo path libvips' `pdfload` takes.
public enum PDFPageRenderer {
    /// A drawn page: `width` × `height` pixels of `bands` bytes (3: RGB, 1: grey), rows
    /// unpadded, allocated with `malloc`. Whoever receives it frees `pixels` (or hands them to
    /// an owner that does).
    public struct Page {
        public let pixels: UnsafeMutableRawPointer
        public let width: Int
        public let height: Int
        public let bands: Int
    }

    /// Draws page `index` (from 0) of the PDF in `path` at `dpi`: anti-aliased, over white,
    /// inside its crop box and turned by its `/Rotate`; in grey levels when `grey` (a third of
    /// the memory, and for a grey scan no colour conversion: a third less time).
    public static func render(file path: String, page index: Int, dpi: Double, grey: Bool = false, password: String?) throws(PDFError) -> Page {
        try render(page: index, grey: grey, password: password) {
            ocrp_splash_render_page(nil, 0, path, Int32(index), dpi, password, grey ? 1 : 0, &$0, &$1, &$2)
        }
    }

    /// Draws page `index` (from 0) of the PDF held in `bytes` (not copied) at `dpi`.
    public static func render(
        bytes: UnsafeRawBufferPointer, page index: Int, dpi: Double, grey: Bool = false, password: String?
    ) throws(PDFError) -> Page {
        try render(page: index, grey: grey, password: password) {
            ocrp_splash_render_page(bytes.baseAddress, bytes.count, nil, Int32(index), dpi, password, grey ? 1 : 0, &$0, &$1, &$2)
        }
    }

    private static func render(
        page index: Int, grey: Bool, password: String?,
        _ draw: (inout UnsafeMutablePointer<UInt8>?, inout Int32, inout Int32) -> ocrp_splash_status
    ) throws(PDFError) -> Page {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        switch draw(&pixels, &width, &height) {
        case OCRP_SPLASH_OK:
            guard let pixels else { throw .damaged("poppler drew no pixels for page \(index + 1)") }
            return Page(pixels: UnsafeMutableRawPointer(pixels), width: Int(width), height: Int(height), bands: grey ? 1 : 3)
        case OCRP_SPLASH_LOCKED: throw .encrypted(passwordGiven: password != nil)
        case OCRP_SPLASH_NO_PAGE: throw .damaged("poppler finds no page \(index + 1)")
        case OCRP_SPLASH_FAILED: throw .damaged("poppler could not draw page \(index + 1)")
        default: throw .damaged("poppler could not open it")
        }
    }
}
