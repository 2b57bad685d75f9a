import Foundation
import OCREngines
import OCRPipeline
import TesseractOCR

/// Server-side recognition through the same library pipeline as the CLI: decode, rotation,
/// tiling for long images, the local engine, merge. Maps the kinds of the pipeline's failures
/// to the protocol-neutral ``RequestFailure``.
struct RecognitionService: Sendable {
    /// The configured pipeline and each variant made of it (``Reading``); a reading without a
    /// variant (the pipeline was built in code) uses the configured one.
    let pipelines: [Reading: Pipeline]
    let pool: WorkerPool
    let deadline: Duration

    /// Makes the variants of `pipeline`: the fixed ones, and one per installed Tesseract language
    /// that `LanguageType` may ask for. A variant that does not load is left out, with a warning.
    init(pipeline: Pipeline, registry: StageRegistry, pool: WorkerPool, deadline: Duration, warn: (String) -> Void) {
        var pipelines: [Reading: Pipeline] = [.standard: pipeline]
        let installed = TesseractRecognizer.installedLanguages()
        let languages = CloudAPILanguage.tesseract.values.filter(installed.contains).map(Reading.language)
        for reading in [Reading.fast, .singleLine, .split] + languages {
            switch reading.variant(of: pipeline, registry: registry) {
            case .success(let variant): pipelines[reading] = variant
            case .failure(let error): warn("the \(reading) variant of the pipeline does not load: \(error.summary)")
            case nil: break
            }
        }
        self.pipelines = pipelines
        self.pool = pool
        self.deadline = deadline
    }

    /// The Tesseract languages a request may ask for.
    var tesseractLanguages: Set<String> {
        Set(pipelines.keys.compactMap { if case .language(let language) = $0 { language } else { nil } })
    }

    /// The pipeline the server uses when none is given.
    static func defaultPipeline(timeout: Duration) throws -> Pipeline {
        try Pipeline.load(
            document: [
                "version": 1,
                "stages": [
                    ["type": "decode", "params": ["max_pixels": 100_000_000]],
                    ["type": "orient"],
                    ["type": "reject-gif"],
                    ["type": "tile"],
                    ["type": "recognize", "params": ["engine": "ppocr", "timeout": .double(timeout / .seconds(1))]],
                    ["type": "merge"],
                ],
            ], name: "built-in server pipeline", registry: .standard)
    }

    /// Reads `image`, or page `pdfPage` (from 1) of a PDF when the request allows one; a PDF
    /// the request did not mark as one is refused as an image that cannot be decoded.
    func recognize(_ image: Data, name: String, pdfPage: Int?, reading: Reading) async throws(RequestFailure) -> Recognition {
        let pipeline = reading == .standard ? nil : pipelines[reading]
        guard !image.isEmpty else { throw .imageEmpty }
        let isPDF = ImageFormat.sniff(image.prefix(1024)) == .supported(.pdf)
        if isPDF && pdfPage == nil {
            throw .imageUndecodable("image decode failed: the file is a PDF; API 3.0 reads one when IsPdf is true (the legacy API takes images only)")
        }
        let until = ContinuousClock.now.advanced(by: deadline)
        let outcome: Result<(JobResult, Int?), RequestFailure>
        do {
            outcome = try await pool.withWorker(deadline: until) { worker in
                guard isPDF, let pdfPage else { return .success((await worker.process(.data(image), name: name, page: nil, using: pipeline) { _ in }, nil)) }
                let pages: Int
                switch await worker.plan(.data(image), name: name) {
                case .failure(let failure): return .failure(.documentUnreadable("PDF parse failed: \(failure.detail)"))
                case .success(let plan): pages = plan?.pageCount ?? 1
                }
                guard pdfPage <= pages else {
                    return .failure(.invalidParameter("PdfPageNumber \(pdfPage) is past the end of the PDF's \(pages) page\(pages == 1 ? "" : "s")"))
                }
                return .success((await worker.process(.data(image), name: name, page: pdfPage, using: pipeline) { _ in }, pages))
            }
        } catch let failure as RequestFailure {
            throw failure
        } catch {
            throw .internalError("internal error: \(error)")
        }
        let (result, pages) = try outcome.get()
        guard let failure = result.failure else {
            guard !result.items.isEmpty else { throw .noText }
            return Recognition(
                items: result.items, pdfPageCount: pages, angle: result.source.angle,
                uprightSize: result.source.uprightSize ?? PixelSize(width: 0, height: 0))
        }
        switch failure.kind {
        case .emptyInput: throw .imageEmpty
        case .undecodableInput:
            throw isPDF ? .documentUnreadable("PDF parse failed: \(failure.detail)") : .imageUndecodable("image decode failed: \(failure.detail)")
        case .oversizedInput: throw .imageTooLarge("image decode failed: \(failure.detail)")
        case .recognition: throw .ocrFailed("OCR failed: \(failure.detail)")
        // A worker lost to the image (a crash in a native library, its memory cap, its time
        // bound): the image cannot be processed here, whichever stage held it (the message says).
        case .workerLost: throw .imageUndecodable("image decode failed: \(failure.detail)")
        case .service, .configuration, .internal: throw .internalError("internal error: \(failure.detail)")
        }
    }
}
