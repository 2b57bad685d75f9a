import Foundation
import VipsKit

/// `decode`: identifies the format from the bytes, reads the header, refuses decompression
/// bombs before any pixel is allocated, and prepares the upright, normalised image
/// (EXIF rotation; CMYK/ICC to sRGB; 16-bit to 8-bit; alpha flattened) as a lazy pipeline.
///
/// Documents — PDFs and multi-page TIFFs — are read a page per job: it tells the runner which
/// pages to read (``plan(_:)``) and decodes the job's ``Job/page``. A PDF page is drawn by
/// poppler's Splash rasteriser (as `pdftoppm` draws it) at a resolution it chooses
/// (``DecodeStage/dpi``), its size in pixels known from its size in points before any is drawn.
public struct DecodeStage: DocumentReading, DeclaredStage {
    /// What to do with a PDF page that carries text of its own.
    public enum PagesWithText: String, ParameterChoice {
        /// Take the page's own text as its result instead of reading the page again.
        case keep
        /// Read it like any other page.
        case ocr
    }

    @Param("autorotate", help: "turn the image upright from its EXIF orientation (1–8), unless the decoder already did (HEIF irot)")
    public var autorotate = true
    @Param("max_pixels", range: 1...1 << 40, help: "refuse images whose header declares more pixels than this (decompression-bomb guard)")
    public var maxPixels = 250_000_000
    @Param(
        "max_memory_mb", range: 0...1 << 30,
        help:
            "refuse images whose decoded pixels would need more memory than this, judged from the header before any pixel is decoded; 0: three quarters of the worker process's memory limit, or a quarter of physical memory in process"
    )
    public var maxMemoryMB = 0
    @Param(
        "dpi", range: 0...2400,
        help:
            "resolution PDF pages are rendered at; 0: the resolution of the page's scanned image where the page is one scan (kept within 100–600), else \(Int(PDFPageResolution.fallback)); lowered where a page would pass max_pixels or max_memory_mb"
    )
    public var dpi = 0.0
    @Param(
        "pages",
        help: "which pages of a PDF or multi-page TIFF to read: all, or page numbers and ranges such as 1-3,7 or 5- (the fifth to the last)")
    public var pageRanges = "all"
    @Param(
        "password", secret: true,
        help: "the password of encrypted PDFs (written as ${PDF_PASSWORD}, it is taken from the environment); never printed")
    public var password: String?
    @Param(
        "pages_with_text",
        help:
            "a PDF page that carries text of its own (born digital, or read before): keep takes that text as the page's result and leaves the page as it is in the searchable PDF; ocr reads it again like a scan"
    )
    public var pagesWithText = PagesWithText.keep
    @Param("max_pages", range: 1...1_000_000, help: "refuse documents that declare more pages than this (no page is read)")
    public var maxPages = 10_000

    /// The most bytes the decoded pixels may need: `max_memory_mb`, or a share of the worker's memory.
    public var maxMemoryBytes = DecodeStage.defaultMemoryBound(workerCap: nil)
    /// The pages to read, from `pages`.
    public var pages = PageSelection.all

    public static let descriptor = StageDescriptor(
        Self.self, type: "decode",
        summary: "Sniffs the format, reads the header, guards the pixel count, and prepares the upright 8-bit sRGB image; reads documents a page at a time.",
        provides: [.image], invalidates: [.tiles, .payloads, .viewItems, .items]
    ) { stage, context in
        guard let selection = PageSelection(stage.pageRanges) else {
            throw StageConfigurationError(
                parameter: stage.$pageRanges.name,
                problem: "\"\(stage.pageRanges)\" is not a page selection: write all, or numbers and ranges such as 1-3,7 or 5-")
        }
        stage.pages = selection
        stage.maxMemoryBytes = stage.maxMemoryMB > 0 ? stage.maxMemoryMB << 20 : defaultMemoryBound(workerCap: context.workerMemoryLimit)
    }.explaining(.run)

    public init() {}

    /// Three quarters of a worker process's memory cap, or a quarter of physical memory when
    /// images are decoded in the calling process.
    public static func defaultMemoryBound(workerCap: Int?) -> Int {
        if let workerCap { return workerCap / 4 * 3 }
        return Int(ProcessInfo.processInfo.physicalMemory / 4)
    }

    public func process(_ job: inout Job, context: StageContext) async throws {
        let source = job.input
        guard source.count > 0 else { throw ImageError.empty }
        // Signatures, container boxes and the chunks before PNG's pixel data sit at the start.
        let data = try source.prefix(1 << 20)

        let format: ImageFormat
        switch ImageFormat.sniff(data) {
        case .supported(let found): format = found
        case .unsupported(let name): throw ImageError.unsupportedFormat(name: name)
        case .unknown:
            throw ImageError.unknownFormat(firstBytes: data.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " "))
        }
        job.source.format = format
        job[record: "format"] = .string(format.rawValue)
        if format == .pdf { return try await decodePDFPage(&job, context: context) }

        if format == .gif {
            let gif = GIFInspector(data)
            try guardPixels(width: gif.declaredWidth, height: gif.declaredHeight)
            let storable = GIFInspector.maximumPixels(inBytes: source.count)
            if gif.declaredWidth * gif.declaredHeight > storable {
                throw ImageError.impossibleSize(format, width: gif.declaredWidth, height: gif.declaredHeight, bytes: source.count, storable: storable)
            }
        }

        let heif = format == .heif || format == .avif ? HEIFInspector(data) : nil
        let png = format == .png ? PNGInspector(data) : nil
        if let declared = heif?.primarySize { try guardPixels(width: declared.width, height: declared.height) }
        if let header = png?.header {
            try guardPixels(width: header.width, height: header.height)
            try guardPNGData(header, fileBytes: source.count)
        }

        var header: VImage
        var page: UprightImage.PageLoad?
        do {
            header = try VImage.load(source.input, failOn: .error, sequential: false)
            // A multi-page TIFF is a document: its job reads one page.
            if format == .tiff, header.pageCount > 1 {
                let count = header.pageCount
                let number = try pageNumber(for: job, pageCount: count)
                if number > 1 { header = try VImage.loadTIFF(source.input, page: number - 1) }
                page = .tiff(index: number - 1)
                job.source.pages = count
                job.source.page = number
            }
        } catch let error as VipsError {
            if heif?.isSequence == true { throw ImageError.animated(format, frames: 0) }
            let decoderLimit = ImageError.decoding(error, format: format)
            if case .decoderLimit = decoderLimit { throw decoderLimit }
            throw ImageError.decoding(error, format: format, truncated: source.looksTruncated(format))
        }
        try checkLoader(header.loader, matches: format)
        try guardPixels(width: header.width, height: header.height)
        try guardMemory(header)
        try await context.memory.reserve(pixels: header.width * header.height)

        var frames = header.pageCount
        if let animationFrames = png?.animationFrames { frames = max(frames, animationFrames) }
        if heif?.isSequence == true { frames = max(frames, 2) }
        let isAnimationFormat = [.gif, .webp, .png, .heif, .avif].contains(format)
        job.source.frames = isAnimationFormat ? frames : 1
        job.source.size = PixelSize(width: header.width, height: header.height)
        // The resolution the file's own format declares (JFIF, pHYs, TIFF tags), as the
        // tesseract command reads it; EXIF's (usually a default 72) is not one.
        switch format {
        case .jpeg: job.source.dpi = JPEGInspector(data).jfifDPI
        case .png: job.source.dpi = png?.dpi
        case .tiff: job.source.dpi = header.has("resolution-unit") ? (header.xResolution * 25.4).rounded() : nil
        default: job.source.dpi = nil
        }

        let exifOrientation = Orientation(rawValue: storedOrientation(header: header, format: format, png: png, heif: heif))
        let applied = autorotate ? exifOrientation : .upright
        job.source.orientation = applied

        let normalisation = try Normalisation.plan(for: header) { try Self.inkIsLight(header) }
        let upright = try UprightImage(source: source, format: format, header: header, orientation: applied, normalisation: normalisation, page: page)
        job.upright = upright

        job[record: "loader"] = header.loader.map(JSONValue.string) ?? .null
        job[record: "width"] = .int(header.width)
        job[record: "height"] = .int(header.height)
        job[record: "bands"] = .int(header.bands)
        job[record: "bits"] = .int(header.bandFormat.bits)
        job[record: "interpretation"] = .string(header.interpretation.rawValue)
        if let dpi = job.source.dpi { job[record: "dpi"] = .double(dpi) }
        if isAnimationFormat && frames > 1 { job[record: "frames"] = .int(frames) }
        if let number = job.source.page, let count = job.source.pages {
            job[record: "page"] = .int(number)
            job[record: "pages"] = .int(count)
        }
        job[record: "exif_orientation"] = .int(exifOrientation.rawValue)
        if heif?.primaryHasTransform == true { job[record: "decoder_rotated"] = true }
        job[record: "rotation"] = .int(applied.clockwiseRotation)
        job[record: "mirrored"] = .bool(applied.mirrored)
        job[record: "normalisation"] = normalisation.json
        job[record: "upright_width"] = .int(upright.size.width)
        job[record: "upright_height"] = .int(upright.size.height)
    }

    /// The document's page this job reads: the runner's choice, else the first selected one.
    func pageNumber(for job: Job, pageCount: Int) throws -> Int {
        guard pageCount <= maxPages else { throw ImageError.tooManyPages(count: pageCount, limit: maxPages) }
        if let page = job.page {
            guard (1...max(1, pageCount)).contains(page), pageCount > 0 else { throw ImageError.noSuchPage(selection: String(page), pageCount: pageCount) }
            return page
        }
        guard let first = pages.pages(in: pageCount).first else { throw ImageError.noSuchPage(selection: pages.description, pageCount: pageCount) }
        return first
    }

    /// Which pages of a document the pipeline reads; `nil` for an image (see ``DocumentReading``).
    public func plan(_ source: ImageSource) throws -> DocumentPlan? {
        guard source.count > 0, case .supported(let format) = ImageFormat.sniff(try source.prefix(1024)), format.holdsPages else { return nil }
        let count: Int
        switch format {
        case .pdf:
            count = try openPDF(source).pageCount
            // poppler reads no page of a page tree it cannot make sense of (a cut-off file, a
            // tree declaring pages it does not hold).
            if count == 0 {
                let detail = "poppler finds no page it can read"
                throw source.looksTruncated(.pdf) == true ? ImageError.truncated(.pdf, detail: detail) : ImageError.corrupt(.pdf, detail: detail)
            }
        default:
            do {
                count = try VImage.load(source.input, failOn: .error, sequential: false).pageCount
            } catch let error as VipsError {
                throw ImageError.decoding(error, format: format, truncated: source.looksTruncated(format))
            }
            guard count > 1 else { return nil }
        }
        guard count <= maxPages else { throw ImageError.tooManyPages(count: count, limit: maxPages) }
        let selected = pages.pages(in: count)
        guard !selected.isEmpty else { throw ImageError.noSuchPage(selection: pages.description, pageCount: count) }
        return DocumentPlan(format: format, pageCount: count, pages: selected)
    }

    func guardPixels(width: Int, height: Int) throws {
        if width.multipliedReportingOverflow(by: height).partialValue > maxPixels || width > 1 << 20 || height > 1 << 20 {
            throw ImageError.tooManyPixels(width: width, height: height, frames: 1, limit: maxPixels)
        }
    }

    /// Deflate expands at most 1032:1, so a PNG smaller than its rows' share of that cannot
    /// hold them (a header-only bomb, or a cut-off file).
    private func guardPNGData(_ header: (width: Int, height: Int, bitDepth: Int, colourType: Int), fileBytes: Int) throws {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][header.colourType] ?? 4
        let rowBytes = (header.width * channels * max(1, header.bitDepth) + 7) / 8 + 1
        let storable = fileBytes.multipliedReportingOverflow(by: 1032).partialValue + 65_536
        if rowBytes.multipliedReportingOverflow(by: header.height).partialValue > storable {
            throw ImageError.impossibleSize(
                .png, width: header.width, height: header.height, bytes: fileBytes,
                storable: storable / rowBytes * header.width)
        }
    }

    /// The decoded pixels as the file stores them plus their 8-bit normalised copy: what a
    /// decoder that needs the whole image at once (PNG, GIF, a rotation) holds in memory.
    func guardMemory(_ header: VImage) throws {
        let stored = header.bands * max(1, header.bandFormat.bits / 8)
        let normalised = header.bands >= 3 ? 3 : 1
        let needed = (header.width * header.height).multipliedReportingOverflow(by: stored + normalised).partialValue
        if needed > maxMemoryBytes {
            throw ImageError.decodeMemoryLimit(width: header.width, height: header.height, neededBytes: needed, limitBytes: maxMemoryBytes)
        }
    }

    /// libvips picks a loader by content too; a different one than the signature promised
    /// means a disguised or damaged file.
    func checkLoader(_ loader: String?, matches format: ImageFormat) throws {
        let expected: [String] =
            switch format {
            case .jpeg: ["jpegload"]
            case .png: ["pngload"]
            case .gif: ["gifload"]
            case .webp: ["webpload"]
            case .tiff: ["tiffload"]
            case .bmp: ["magickload", "bmpload"]
            case .heif, .avif: ["heifload"]
            case .jp2: ["jp2kload"]
            case .pdf: ["pdfload"]
            }
        guard let loader, expected.contains(where: loader.hasPrefix) else {
            throw ImageError.corrupt(format, detail: "libvips read it with \(loader ?? "no loader")")
        }
    }

    /// The EXIF orientation of the stored pixels, from wherever this format keeps it.
    private func storedOrientation(header: VImage, format: ImageFormat, png: PNGInspector?, heif: HEIFInspector?) -> Int {
        switch format {
        case .heif, .avif:
            // libheif applied irot/imir and libvips dropped the orientation field; EXIF
            // still matters when the file has no such property (some converters write none).
            if heif?.primaryHasTransform == true { return 1 }
            return header.blob("exif-data").flatMap(EXIFOrientationReader.orientation(in:)) ?? 1
        case .png:
            return header.has("orientation") ? header.orientation : (png?.exifOrientation ?? 1)
        default:
            return header.orientation
        }
    }

    /// Whether the visible pixels of an image with alpha are mostly light (light text on a
    /// transparent background), judged from a small copy weighted by alpha.
    static func inkIsLight(_ header: VImage) throws -> Bool {
        let scale = min(1, 256 / Double(max(header.width, header.height)))
        var small = try header.resized(horizontal: scale, vertical: scale)
        if small.bandFormat != .uchar { small = try small.cast(to: .uchar, shift: true) }
        let bands = small.bands
        let pixels = try small.pixelBytes()
        var weighted = 0.0, totalAlpha = 0.0
        pixels.withUnsafeBytes { raw in
            let values = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + bands <= values.count {
                let alpha = Double(values[i + bands - 1])
                let luminance =
                    bands >= 4
                    ? 0.299 * Double(values[i]) + 0.587 * Double(values[i + 1]) + 0.114 * Double(values[i + 2])
                    : Double(values[i])
                weighted += alpha * luminance
                totalAlpha += alpha
                i += bands
            }
        }
        return totalAlpha > 0 && weighted / totalAlpha > 160
    }
}
