import DocumentKit
import Foundation

/// Runs a pipeline on one image or one page at a time: in the calling process
/// (``InProcessProcessor``) or in a supervised worker process (``IsolatedProcessor``), so that
/// a crash in a native library costs one image, or one page. The batch runner and the server
/// hold one per worker. None of its calls throws: every failure, a worker's death included,
/// comes back as a failure.
public protocol ImageProcessor: AnyObject, Sendable {
    /// Which pages of a document input the pipeline reads (``DocumentReading``); `nil` for an
    /// image. A document that cannot be opened (encrypted, damaged) is the failure.
    func plan(_ input: JobInput, name: String) async -> Result<DocumentPlan?, JobResult.Failure>

    /// Processes one image, or page `page` (from 1) of a document; `name` is how messages and
    /// results call it. `pipeline`, when given, is run instead of the processor's own (a variant
    /// of it, as the server makes for a request's options); its engines are the worker's too.
    func process(_ input: JobInput, name: String, page: Int?, using pipeline: Pipeline?, log: @escaping @Sendable (String) -> Void) async -> JobResult

    /// Writes the searchable copy of a PDF input to `path`: its own pages, with `layers` (page
    /// index from 0 → lines) added over them. Returns the failure, if any.
    func writeSearchablePDF(of input: JobInput, name: String, layers: [Int: [TextLayerLine]], to path: String) async -> JobResult.Failure?

    /// Stops whatever the processor holds (a worker process); it may be used again afterwards.
    func shutDown() async

    /// Gets ready for the first image (starts and configures a worker process), so that this
    /// cost overlaps whatever the caller does before it; a failure shows on the first image.
    func prepare() async
}

extension ImageProcessor {
    public func prepare() async {}

    /// Processes one image, or page `page` of a document, with the processor's own pipeline.
    public func process(_ input: JobInput, name: String, page: Int?, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        await process(input, name: name, page: page, using: nil, log: log)
    }

    /// Processes one image (the first selected page, for a document).
    public func process(_ input: JobInput, name: String, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        await process(input, name: name, page: nil, using: nil, log: log)
    }
}
