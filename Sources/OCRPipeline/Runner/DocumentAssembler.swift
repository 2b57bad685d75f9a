import DocumentKit
import Foundation

/// Makes an input's result once all its pages are read: a document's result from its pages'
/// (in order; not done if any page failed, naming which), and the files made from the whole
/// input that the pipeline's `write` stage asks for — plain text, hOCR, the searchable PDF.
struct DocumentAssembler: Sendable {
    let pipeline: Pipeline
    /// What the `write` stage asks for.
    let formats: Set<WriteStage.Format>

    init(pipeline: Pipeline) {
        self.pipeline = pipeline
        formats = Set(pipeline.steps.compactMap { $0.stage as? WriteStage }.last?.formats ?? [])
    }

    /// An image's result with its text and hOCR files.
    func image(_ result: JobResult) -> JobResult {
        var result = result
        guard result.failure == nil else { return result }
        result.artifacts += files(result)
        return result
    }

    /// A document's result from the results of its pages (`pages`, in `plan`'s order).
    func document(_ source: SourceInfo, plan: DocumentPlan, pages: [JobResult]) -> JobResult {
        var document = source
        document.format = plan.format
        document.pages = plan.pageCount
        document.page = nil
        document.size = nil
        document.dpi = nil
        document.frames = 1
        document.orientation = .upright
        let failures = pages.compactMap { page in page.failure.map { (page: page.source.page ?? 0, failure: $0) } }
        var outcome = JobResult.Outcome.done
        if !failures.isEmpty || pages.count < plan.pages.count {
            let missing = plan.pages.dropFirst(pages.count).map { (page: $0, failure: JobResult.Failure(Interrupted(), file: source.path, stage: nil)) }
            let all = failures + missing
            // A page's failure that stops the run stops it for the document too.
            let error: any DescribedError =
                all.first { $0.failure.stopsRun }.map { $0.failure.underlying } ?? PagesFailed(failures: all, pageCount: plan.pageCount)
            outcome = .failed(JobResult.Failure(error, file: source.path, stage: nil, redactor: pipeline.redactor))
        }
        var result = JobResult(source: document, outcome: outcome, pipelineFingerprint: pipeline.fingerprint, pages: pages)
        result.artifacts = pages.flatMap(\.artifacts) + files(result)
        return result
    }

    /// Whether a searchable PDF is made for `result`.
    func makesPDF(for result: JobResult) -> Bool {
        formats.contains(.pdf) && (result.isDocument ? result.pages.contains { $0.failure == nil } : result.failure == nil)
    }

    /// Writes `result`'s searchable PDF to `path`. A PDF input's own pages get the layer
    /// (`graft`, given the layers); other inputs' pages show their pictures (`picture(i)` for the
    /// i-th of ``JobResult/pages``, or of the image). Returns the failure, if any.
    func writePDF(
        _ result: JobResult, to path: String, picture: (Int) throws -> PagePicture?,
        graft: ([Int: [TextLayerLine]]) async -> JobResult.Failure?
    ) async -> JobResult.Failure? {
        if result.source.format == .pdf { return await graft(SearchablePDF.layers(result.pages)) }
        do {
            let pages = result.isDocument ? result.pages : [result]
            let shown = pages.indices.filter { pages[$0].failure == nil }
            try SearchablePDF.writeImages(shown.map { pages[$0] }, picture: { try picture(shown[$0]) }, to: path)
            return nil
        } catch {
            return JobResult.Failure(OutputError.unwritable(reason: "the PDF: \(error)"), file: result.source.path, stage: "write", redactor: pipeline.redactor)
        }
    }

    /// The text and hOCR files of a whole input, as the pipeline asks.
    private func files(_ result: JobResult) -> [Artifact] {
        var files: [Artifact] = []
        if formats.contains(.txt) { files.append(Artifact(suffix: ".txt", bytes: PlainText.data(result))) }
        if formats.contains(.hocr) { files.append(Artifact(suffix: ".hocr", bytes: HOCR.data(result))) }
        return files
    }
}
