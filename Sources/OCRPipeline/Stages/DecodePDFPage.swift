import DocumentKit
import Foundation
import VipsKit

extension DecodeStage {
    /// Decodes the job's page of a PDF: chooses its resolution, keeps its own text when it has
    /// some (and ``pagesWithText`` says so), and prepares its rendering as the upright image.
    func decodePDFPage(_ job: inout Job, context: StageContext) async throws {
        let source = job.input
        let document = try openPDF(source)
        let count = document.pageCount
        let number = try pageNumber(for: job, pageCount: count)
        guard let page = document.page(number - 1) else {
            // The page tree names it, but poppler cannot read the page object itself.
            guard number > count else { throw ImageError.corrupt(.pdf, detail: "page \(number) of \(count) cannot be read") }
            throw ImageError.noSuchPage(selection: String(number), pageCount: count)
        }
        job.source.pages = count
        job.source.page = number
        job[record: "page"] = .int(number)
        job[record: "pages"] = .int(count)

        let size = page.displayedSize
        guard size.width >= 1, size.height >= 1, size.width.isFinite, size.height.isFinite else {
            throw ImageError.corrupt(.pdf, detail: "page \(number) has no size (\(size.width)×\(size.height) points)")
        }
        let scan = scannedImage(source, page: number - 1)
        let resolution = try PDFPageResolution.choose(
            requested: dpi, scan: scan?.dpi, widthPoints: size.width, heightPoints: size.height, maxPixels: maxPixels, maxMemoryBytes: maxMemoryBytes)

        let scale = resolution.dpi / 72
        let pixels = PixelSize(width: max(1, Int((size.width * scale).rounded())), height: max(1, Int((size.height * scale).rounded())))
        try guardPixels(width: pixels.width, height: pixels.height)
        let needed = (pixels.width * pixels.height).multipliedReportingOverflow(by: PDFPageResolution.bytesPerPixel).partialValue
        if needed > maxMemoryBytes {
            throw ImageError.decodeMemoryLimit(width: pixels.width, height: pixels.height, neededBytes: needed, limitBytes: maxMemoryBytes)
        }
        try await context.memory.reserve(pixels: pixels.width * pixels.height)

        if pagesWithText == .keep, page.hasText {
            job.pageText = page.textLines().map { line in
                let box = Box(
                    x: Int((line.box.x * scale).rounded(.down)), y: Int((line.box.y * scale).rounded(.down)),
                    width: max(1, Int((line.box.width * scale).rounded(.up))), height: max(1, Int((line.box.height * scale).rounded(.up))))
                let characters = line.text.filter { !$0.isWhitespace }.map { OCRWord(character: String($0), confidence: 100) }
                return OCRItem(itemstring: line.text, itemcoord: box, words: characters).markingSpaces()
            }
        }

        job.source.size = pixels
        job.source.dpi = resolution.dpi
        job.source.orientation = .upright
        // A scan whose images are all grey is drawn in grey: the same pixels in a third of the
        // memory, without the colour conversion poppler makes for RGB (a third of its time).
        // Colour drawn over such a scan (a stamp added digitally) comes out as grey levels.
        let grey = scan?.allGrey ?? false
        let upright = try UprightImage(
            source: source, pdfPage: .pdf(index: number - 1, dpi: resolution.dpi, grey: grey, password: password), size: pixels)
        job.upright = upright

        job[record: "page_points"] = .array([.double(Self.rounded(size.width)), .double(Self.rounded(size.height))])
        job[record: "dpi"] = .double(resolution.dpi)
        job[record: "dpi_from"] = .string(resolution.reason.rawValue)
        if let scan { job[record: "scan_dpi"] = .double(Self.rounded(scan.dpi)) }
        job[record: "drawn_in"] = .string(grey ? "grey" : "colour")
        if let lowered = resolution.loweredFrom { job[record: "dpi_lowered_from"] = .double(lowered) }
        job[record: "width"] = .int(pixels.width)
        job[record: "height"] = .int(pixels.height)
        if let text = job.pageText { job[record: "own_text_lines_kept"] = .int(text.count) }
        job[record: "upright_width"] = .int(upright.size.width)
        job[record: "upright_height"] = .int(upright.size.height)
    }

    /// Writes the searchable copy of a PDF input (see ``DocumentReading``), opened with
    /// decode's password.
    public func writeSearchablePDF(of source: ImageSource, layers: [Int: [TextLayerLine]], to path: String) throws {
        do {
            let file: QPDFFile
            switch source.input {
            case .file(let original): file = try QPDFFile(file: original, password: password)
            case .buffer(let buffer): file = try QPDFFile(data: buffer.unsafeData, password: password)
            }
            try PDFGraft.write(file, layers: layers, to: path)
        } catch {
            switch error {
            case .encrypted(let given): throw ImageError.encrypted(passwordGiven: given)
            case .damaged(let detail): throw ImageError.corrupt(.pdf, detail: "qpdf: \(detail)")
            }
        }
    }

    /// The PDF of `source`, opened with decode's password.
    func openPDF(_ source: ImageSource) throws -> PDFDocument {
        do {
            switch source.input {
            case .file(let path): return try PDFDocument(file: path, password: password)
            case .buffer(let buffer): return try PDFDocument(data: buffer.unsafeData, password: password)
            }
        } catch {
            switch error {
            case .encrypted(let given): throw ImageError.encrypted(passwordGiven: given)
            case .damaged(let detail):
                throw source.looksTruncated(.pdf) == true ? ImageError.truncated(.pdf, detail: detail) : ImageError.corrupt(.pdf, detail: detail)
            }
        }
    }

    /// The scan a page shows, where the page is one: its largest image has the page's
    /// proportions (either way round), so it covers the page. Its resolution, and whether every
    /// image the page draws is grey.
    private func scannedImage(_ source: ImageSource, page index: Int) -> (dpi: Double, allGrey: Bool)? {
        let file: QPDFFile?
        switch source.input {
        case .file(let path): file = try? QPDFFile(file: path, password: password)
        case .buffer(let buffer): file = try? QPDFFile(data: buffer.unsafeData, password: password)
        }
        guard let file, let images = file.images(onPage: index), let geometry = file.geometry(ofPage: index) else { return nil }
        let (width, height) = (geometry.cropBox.width, geometry.cropBox.height)
        let image = images.largest
        let pageRatio = width / height, imageRatio = Double(image.width) / Double(image.height)
        if abs(imageRatio / pageRatio - 1) < 0.03 { return (Double(image.width) / (width / 72), images.allGrey) }
        if abs(imageRatio * pageRatio - 1) < 0.03 { return (Double(image.width) / (height / 72), images.allGrey) }
        return nil
    }

    private static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// The resolution a PDF page is rendered at, and why.
struct PDFPageResolution: Sendable, Hashable {
    enum Reason: String, Sendable {
        case parameter, scan, fallback
    }

    /// Without a scan to go by: what OCR engines read print well at (Tesseract's and
    /// OCRmyPDF's choice too), 10-point text about 40 pixels high.
    static let fallback = 300.0
    /// A scan's own resolution is kept within these (a 72-dpi thumbnail is read at 100).
    static let scanRange = 100.0...600.0
    /// The longest side a page is drawn with (cairo's limit, kept when Splash replaced cairo:
    /// the guards bound a page's area, this bounds its sides).
    static let maximumSide = 32_767.0
    /// Below this, a page is not worth rendering: it fails instead.
    static let minimum = 10.0

    var dpi: Double
    var reason: Reason
    var loweredFrom: Double?

    /// What drawing a page may hold at once, per pixel: Splash's RGB bitmap and its copy, then
    /// the unpadded RGB image (6), and a byte to spare.
    static let bytesPerPixel = 7

    /// The resolution for a page of `widthPoints` × `heightPoints`: the one asked for, the
    /// scan's, or the fallback, lowered so that the page stays within the pixel guard, the
    /// memory bound (``bytesPerPixel``) and the renderer's limit.
    static func choose(
        requested: Double, scan: Double?, widthPoints: Double, heightPoints: Double, maxPixels: Int, maxMemoryBytes: Int
    ) throws -> PDFPageResolution {
        var chosen: PDFPageResolution
        if requested > 0 {
            chosen = PDFPageResolution(dpi: requested, reason: .parameter)
        } else if let scan, scan.isFinite {
            chosen = PDFPageResolution(dpi: min(max(scan.rounded(), scanRange.lowerBound), scanRange.upperBound), reason: .scan)
        } else {
            chosen = PDFPageResolution(dpi: fallback, reason: .fallback)
        }
        let area = widthPoints * heightPoints / (72 * 72)
        let ceiling = min(
            (Double(maxPixels) / area).squareRoot(), (Double(maxMemoryBytes) / Double(bytesPerPixel) / area).squareRoot(),
            maximumSide / (max(widthPoints, heightPoints) / 72))
        if chosen.dpi > ceiling {
            guard ceiling.rounded(.down) >= minimum else {
                throw ImageError.pageTooLarge(widthPoints: widthPoints, heightPoints: heightPoints, dpi: minimum, maxPixels: maxPixels)
            }
            chosen.loweredFrom = chosen.dpi
            chosen.dpi = ceiling.rounded(.down)
        }
        return chosen
    }
}
