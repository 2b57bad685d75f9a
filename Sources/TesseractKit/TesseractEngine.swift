import CTesseract
import Foundation

/// One libtesseract engine (a `TessBaseAPI`) loaded with some languages.
///
/// Not thread-safe and expensive to start (about a quarter of a second for `chi_sim+eng`):
/// create one per worker and reuse it for every image that worker handles.
public final class TesseractEngine {
    private let handle: OpaquePointer
    public let languages: String

    /// The folder Debian's language packs install into.
    public static let defaultDataPath = "/usr/share/tesseract-ocr/5/tessdata"

    /// Loads `languages` (e.g. `"chi_sim+eng"`) from `dataPath` with the LSTM engine.
    public init(languages: String, dataPath: String? = nil, pageSegmentation: PageSegmentation = .auto) throws {
        let folder = dataPath ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] ?? Self.defaultDataPath
        let missing = languages.split(separator: "+").map(String.init).filter {
            !FileManager.default.fileExists(atPath: "\(folder)/\($0).traineddata")
        }
        guard missing.isEmpty else { throw TesseractError.missingLanguages(missing, folder: folder) }
        guard let handle = TessBaseAPICreate() else { throw TesseractError.initFailed(languages: languages, folder: folder) }
        self.handle = handle
        self.languages = languages
        guard TessBaseAPIInit2(handle, folder, languages, OEM_LSTM_ONLY) == 0 else {
            TessBaseAPIDelete(handle)
            throw TesseractError.initFailed(languages: languages, folder: folder)
        }
        TessBaseAPISetPageSegMode(handle, pageSegmentation.raw)
        // Keep Tesseract from writing "Estimating resolution" and similar notes to stderr.
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// How Tesseract segments the page.
    public enum PageSegmentation: String, Sendable, CaseIterable {
        case auto, singleColumn = "single_column", singleBlock = "single_block", singleLine = "single_line", sparse

        var raw: TessPageSegMode {
            switch self {
            case .auto: PSM_AUTO
            case .singleColumn: PSM_SINGLE_COLUMN
            case .singleBlock: PSM_SINGLE_BLOCK
            case .singleLine: PSM_SINGLE_LINE
            case .sparse: PSM_SPARSE_TEXT
            }
        }
    }

    /// Recognises interleaved 8-bit pixels (1 band grey or 3 bands RGB, rows unpadded).
    ///
    /// - Parameters:
    ///   - resolution: the dots per inch of the pixels, or `nil` for Tesseract to estimate it
    ///     from the size of the text.
    ///   - timeout: abandon recognition after this many seconds.
    /// - Returns: the text lines, in Tesseract's reading order.
    public func recognize(pixels: Data, width: Int, height: Int, bytesPerPixel: Int, resolution: Int? = nil, timeout: Double? = nil) throws -> [TextLine] {
        precondition(pixels.count >= width * height * bytesPerPixel, "pixel buffer too small")
        // Leptonica builds 8, 24 or 32-bit images; anything else fails deep inside with
        // messages on stderr.
        guard [1, 3, 4].contains(bytesPerPixel), width > 0, height > 0 else { throw TesseractError.unsupportedPixels(bytesPerPixel: bytesPerPixel) }
        // OpenMP's limit on active parallel levels belongs to the calling thread's data
        // environment, so it is set on every thread that recognises: no parallel regions, the
        // run-time equivalent of OMP_THREAD_LIMIT=1 (one engine per core is 4–5× faster on two
        // cores than engines spawning threads of their own).
        omp_set_max_active_levels(0)
        defer { TessBaseAPIClear(handle) }
        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        if let timeout { TessMonitorSetDeadlineMSecs(monitor, Int32(max(1, timeout * 1000))) }
        let started = ContinuousClock.now
        let status = pixels.withUnsafeBytes { raw -> Int32 in
            TessBaseAPISetImage(
                handle, raw.bindMemory(to: UInt8.self).baseAddress, Int32(width), Int32(height),
                Int32(bytesPerPixel), Int32(width * bytesPerPixel))
            if let resolution { TessBaseAPISetSourceResolution(handle, Int32(resolution)) }
            return TessBaseAPIRecognize(handle, monitor)
        }
        guard status == 0 else {
            // A cancelled monitor also makes Recognize fail; only then is it a time-out.
            if let timeout, ContinuousClock.now - started >= .milliseconds(Int64(timeout * 1000) - 50) { throw TesseractError.timedOut(seconds: timeout) }
            throw TesseractError.recognitionFailed
        }
        return readLines()
    }

    private func readLines() -> [TextLine] {
        guard let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        let page = TessResultIteratorGetPageIterator(iterator)
        var lines: [TextLine] = []
        var symbols: [Symbol] = []
        var lineBox = PixelRect(x: 0, y: 0, width: 0, height: 0)
        repeat {
            if TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                if !symbols.isEmpty { lines.append(TextLine(box: lineBox, symbols: symbols)) }
                symbols = []
                lineBox = Self.box(page, RIL_TEXTLINE) ?? lineBox
            }
            let startsWord = TessPageIteratorIsAtBeginningOf(page, RIL_WORD) != 0
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_SYMBOL) else { continue }
            let text = String(cString: raw)
            TessDeleteText(raw)
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty, let box = Self.box(page, RIL_SYMBOL) else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_SYMBOL))
            symbols.append(Symbol(text: text, box: box, confidence: max(0, min(100, confidence)), startsWord: startsWord))
        } while TessResultIteratorNext(iterator, RIL_SYMBOL) != 0
        if !symbols.isEmpty { lines.append(TextLine(box: lineBox, symbols: symbols)) }
        return lines
    }

    private static func box(_ page: OpaquePointer?, _ level: TessPageIteratorLevel) -> PixelRect? {
        var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
        guard TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom) != 0 else { return nil }
        return PixelRect(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))
    }
}

/// Why Tesseract could not start or finish.
public enum TesseractError: Error, CustomStringConvertible, Sendable, Equatable {
    case missingLanguages([String], folder: String)
    case initFailed(languages: String, folder: String)
    case recognitionFailed
    case timedOut(seconds: Double)
    case unsupportedPixels(bytesPerPixel: Int)

    public var description: String {
        switch self {
        case .missingLanguages(let languages, let folder):
            "no trained data for \(languages.joined(separator: ", ")) in \(folder) (install tesseract-ocr-\(languages.first!.replacingOccurrences(of: "_", with: "-")))"
        case .initFailed(let languages, let folder): "Tesseract could not load \(languages) from \(folder)"
        case .recognitionFailed: "Tesseract failed to recognise the image"
        case .timedOut(let seconds): "Tesseract did not finish within \(seconds) s"
        case .unsupportedPixels(let bytes): "Tesseract reads 1, 3 or 4 bytes per pixel, not \(bytes)"
        }
    }
}
