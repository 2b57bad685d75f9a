import Foundation
import OCRPipeline
import TesseractKit
import VipsKit

/// The `tesseract` engine: libtesseract's C API in process, one engine per worker, created
/// once and reused for every image and tile that worker handles.
public struct TesseractRecognizer: DeclaredEngine {
    @Param("languages", help: "Tesseract languages, as a list or a string like chi_sim+eng (installed traineddata files)")
    public var languageList = ["chi_sim", "eng"]
    @Param("psm", help: "how Tesseract segments the page: auto (layout analysis), single_block, single_line, sparse, ...")
    public var pageSegmentation = TesseractEngine.PageSegmentation.auto
    @Param(
        "resolution", range: 0...2400,
        help:
            "dots per inch of the pixels; 0: what the file's format declares (JFIF, PNG pHYs, TIFF), scaled with the view, else Tesseract's estimate from the text"
    )
    public var resolution = 0
    @Param("data_path", help: "folder holding the .traineddata files (default: $TESSDATA_PREFIX or Debian's)")
    public var dataPath: String?
    @Param("timeout", range: 1...86_400, help: "seconds one view may take before it fails")
    public var timeout = 300.0

    public static let descriptor = EngineDescriptor(
        Self.self, name: "tesseract", summary: "Embedded Tesseract (LSTM) through its C API; no network, no account.",
        profile: { _ in EngineProfile(viewLimits: .tesseract, ordersLines: true) }
    ) { engine, _ in
        try engine.checkLanguages()
    }

    public init() {}

    /// The languages as Tesseract takes them: `chi_sim+eng`.
    public var languages: String { languageList.joined(separator: "+") }

    var folder: String { dataPath ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] ?? TesseractEngine.defaultDataPath }

    /// The languages whose trained data is in `dataPath` (default: $TESSDATA_PREFIX or Debian's folder).
    public static func installedLanguages(dataPath: String? = nil) -> Set<String> {
        let folder = dataPath ?? ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] ?? TesseractEngine.defaultDataPath
        return Set(
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".traineddata") }.map { String($0.dropLast(".traineddata".count)) })
    }

    /// Fails at load time, naming the closest installed language, when one is missing.
    func checkLanguages() throws {
        let installed = Array(Self.installedLanguages(dataPath: folder))
        for language in languages.split(separator: "+").map(String.init) where !installed.contains(language) {
            var problem = "no trained data for \"\(language)\" in \(folder)"
            if let close = Suggestion.closest(to: language, in: installed) { problem += " (did you mean \"\(close)\"?)" }
            problem += "; installed: \(installed.sorted().joined(separator: ", "))"
            throw StageConfigurationError(parameter: $languageList.name, problem: problem)
        }
    }

    /// The engine this worker reuses.
    final class Instance {
        let engine: TesseractEngine
        init(_ engine: TesseractEngine) { self.engine = engine }
    }

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        let instance = try context.worker.resource("tesseract|\(languages)|\(pageSegmentation.rawValue)|\(folder)") {
            do {
                return Instance(try TesseractEngine(languages: languages, dataPath: folder, pageSegmentation: pageSegmentation))
            } catch let error as TesseractError {
                throw EngineError.unavailable(engine: "tesseract", detail: error.description)
            }
        }
        var (image, transform) = try view.fullResolution(of: job)
        if image.bands != 1 && image.bands != 3 { image = try image.colourspace(.srgb) }
        let pixels = try image.pixelBytes()
        // As the tesseract command does: a declared resolution of at least 70 dpi is used
        // (scaled with the view), else Tesseract estimates it from the text.
        let scale = (transform ?? view.transform).scaleX
        let dpi = resolution > 0 ? resolution : job.source.dpi.map { Int(($0 * scale).rounded()) }.flatMap { $0 >= 70 ? $0 : nil }
        let started = Date()
        let lines: [TextLine]
        do {
            lines = try instance.engine.recognize(
                pixels: pixels, width: image.width, height: image.height, bytesPerPixel: image.bands,
                resolution: dpi, timeout: timeout)
        } catch let error as TesseractError {
            throw EngineError.failed(engine: "tesseract", detail: error.description)
        }
        let items = lines.map(Self.item)
        var record: JSONObject = ["seconds": .double((Date().timeIntervalSince(started) * 1000).rounded() / 1000)]
        if transform != nil { record["read_at_full_resolution"] = true }
        return ViewRecognition(items: items, record: record, transform: transform)
    }

    static func item(_ line: TextLine) -> OCRItem {
        let words = line.spacedSymbols.map { symbol, spaceBefore in
            OCRWord(
                character: symbol.text, confidence: symbol.confidence,
                box: Box(x: symbol.box.x, y: symbol.box.y, width: symbol.box.width, height: symbol.box.height),
                followsSpace: spaceBefore)
        }
        return OCRItem(itemstring: line.text, itemcoord: Box(x: line.box.x, y: line.box.y, width: line.box.width, height: line.box.height), words: words)
    }
}

extension TesseractEngine.PageSegmentation: ParameterChoice {}
