import DocumentKit
import Foundation
import VipsKit

/// How to get the image upright and normalised from the file's bytes, and the lazily
/// evaluated image that results. `decode` builds it from the header alone; stages call
/// ``load(shrink:sequential:)`` for pixels, so a big JPEG can be shrunk while decoding.
public struct UprightImage: Sendable {
    public let format: ImageFormat
    /// Pixel size as stored in the file.
    public private(set) var storedSize: PixelSize
    /// The rotation and mirroring applied on load.
    public private(set) var orientation: Orientation
    public let normalisation: Normalisation
    /// The full-resolution upright image, lazily evaluated with random access.
    public private(set) var image: VImage
    /// The encoded file to decode again (shrinking on load); `nil` for an image a stage made.
    let source: ImageSource?
    /// For a page of a document: which page, read the same way every time.
    let page: PageLoad?

    /// How a page of a document is read.
    enum PageLoad: Sendable, Hashable {
        /// A PDF page (from 0), rendered at `dpi`, in grey levels when `grey`.
        case pdf(index: Int, dpi: Double, grey: Bool, password: String?)
        /// A TIFF page (from 0).
        case tiff(index: Int)

        func load(_ input: ImageInput, sequential: Bool) throws -> VImage {
            switch self {
            case .pdf(let index, let dpi, let grey, let password): try Self.drawPDFPage(input, index: index, dpi: dpi, grey: grey, password: password)
            case .tiff(let index): try VImage.loadTIFF(input, page: index, failOn: .error, sequential: sequential)
            }
        }

        /// The page drawn into memory by poppler's Splash rasteriser (as `pdftoppm` draws it),
        /// opaque sRGB or grey.
        private static func drawPDFPage(_ input: ImageInput, index: Int, dpi: Double, grey: Bool, password: String?) throws -> VImage {
            let page: PDFPageRenderer.Page
            do {
                switch input {
                case .file(let path): page = try PDFPageRenderer.render(file: path, page: index, dpi: dpi, grey: grey, password: password)
                case .buffer(let buffer):
                    page = try PDFPageRenderer.render(
                        bytes: UnsafeRawBufferPointer(start: buffer.baseAddress, count: buffer.count), page: index, dpi: dpi, grey: grey,
                        password: password)
                }
            } catch {
                switch error {
                case .encrypted(let given): throw ImageError.encrypted(passwordGiven: given)
                case .damaged(let detail): throw ImageError.corrupt(.pdf, detail: detail)
                }
            }
            return try VImage.taking(pixels: page.pixels, width: page.width, height: page.height, bands: page.bands)
        }
    }

    /// An image a stage produced (a crop, a deskewed page, a plugin's output) that replaces the
    /// decoded one. Its pixels become the coordinate space of everything after: results are
    /// reported in this image's pixels.
    public init(image: VImage, format: ImageFormat = .png) throws {
        var normalised = image
        if normalised.bandFormat != .uchar { normalised = try normalised.cast(to: .uchar, shift: normalised.bandFormat.bits == 16) }
        if normalised.hasAlpha { normalised = try normalised.flattened(red: 255, green: 255, blue: 255, maxAlpha: 255) }
        if normalised.bands != 1 && normalised.bands != 3 { normalised = try normalised.colourspace(.srgb) }
        source = nil
        page = nil
        self.format = format
        storedSize = PixelSize(width: normalised.width, height: normalised.height)
        orientation = .upright
        normalisation = Normalisation()
        self.image = normalised
    }

    init(source: ImageSource, format: ImageFormat, header: VImage, orientation: Orientation, normalisation: Normalisation, page: PageLoad? = nil) throws {
        self.source = source
        self.page = page
        self.format = format
        self.storedSize = PixelSize(width: header.width, height: header.height)
        self.orientation = orientation
        self.normalisation = normalisation
        // libvips 8.14's JPEG 2000 loader fails on a second read of the same image ("Need to
        // decode the main header"), and stages read the upright image more than once (fit, then
        // recognition): its pixels are decoded once, here, after the pixel guard has passed.
        let decoded = format == .jp2 ? try header.copiedToMemory() : header
        self.image = try Self.finish(decoded, normalisation: normalisation, orientation: orientation)
    }

    /// A PDF page, drawn now into memory (stages read it more than once) at `size`, the size
    /// the guards passed: Splash may round a fractional page size a pixel differently.
    init(source: ImageSource, pdfPage page: PageLoad, size: PixelSize) throws {
        self.source = source
        self.page = page
        format = .pdf
        storedSize = size
        orientation = .upright
        normalisation = Normalisation()
        let drawn = try page.load(source.input, sequential: false)
        let sameSize = drawn.width == size.width && drawn.height == size.height
        image = sameSize ? drawn : try drawn.embeddedOnWhite(x: 0, y: 0, width: size.width, height: size.height)
    }

    /// The image turned `degrees` clockwise more (a page found lying on its side): every later
    /// read of the file turns it the same way.
    public func turned(clockwise degrees: Int) throws -> UprightImage {
        var turned = self
        turned.orientation = orientation.turned(clockwise: degrees)
        turned.image = try image.rotated(clockwise: ((degrees % 360) + 360) % 360)
        if source == nil { turned.storedSize = PixelSize(width: turned.image.width, height: turned.image.height); turned.orientation = .upright }
        return turned
    }

    /// Size after rotation: the coordinate space of every result.
    public var size: PixelSize { orientation.uprightSize(ofStored: storedSize) }

    /// Whether a stage replaced the decoded image (see ``init(image:format:)``).
    public var isReplacement: Bool { source == nil }

    /// Whether the stored pixels are already upright, 8-bit, sRGB or grey, and opaque.
    public var isPlain: Bool { orientation.isUpright && normalisation.isIdentity }

    /// Decodes again from the bytes, shrinking by `shrink` (1, 2, 4, 8) in the JPEG decoder
    /// when the format allows; returns the upright normalised result and the exact factors
    /// by which it is smaller than ``size``.
    public func load(shrink: Int = 1, sequential requested: Bool = true) throws -> (image: VImage, scaleX: Double, scaleY: Double) {
        // Rotating by 90 or 180 degrees reads rows out of order, which a sequential decoder cannot serve.
        let sequential = requested && orientation.clockwiseRotation == 0
        guard let source, format != .pdf else { return (image, 1, 1) }
        guard shrink > 1, format == .jpeg else {
            if shrink == 1 && !sequential { return (image, 1, 1) }
            let loaded = try page?.load(source.input, sequential: sequential) ?? VImage.load(source.input, failOn: .error, sequential: sequential)
            return (try Self.finish(loaded, normalisation: normalisation, orientation: orientation), 1, 1)
        }
        let loaded = try VImage.loadJPEG(source.input, shrink: shrink, failOn: .error, sequential: sequential)
        let upright = try Self.finish(loaded, normalisation: normalisation, orientation: orientation)
        return (upright, Double(upright.width) / Double(size.width), Double(upright.height) / Double(size.height))
    }

    /// The whole image as a single view at full resolution.
    public func wholeView() -> View {
        View(index: 0, region: Box(x: 0, y: 0, width: size.width, height: size.height), transform: .identity, image: image)
    }

    private static func finish(_ loaded: VImage, normalisation: Normalisation, orientation: Orientation) throws -> VImage {
        var out = try normalisation.apply(to: loaded)
        if orientation.clockwiseRotation != 0 { out = try out.rotated(clockwise: orientation.clockwiseRotation) }
        if orientation.mirrored { out = try out.flippedHorizontally() }
        return out
    }
}
