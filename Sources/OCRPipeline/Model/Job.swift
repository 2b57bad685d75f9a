import Crypto
import Foundation
import VipsKit

/// One image travelling through the pipeline. Stages read and change it in order.
///
/// - `decode` sets ``source``'s format, size and orientation and the ``upright`` image;
/// - `tile` and `fit` fill ``views`` (one per tile, or one for the whole image) and payloads;
/// - engines fill each view's items; `merge` maps them into ``items`` in original pixels;
/// - `write` adds ``artifacts``. Every stage notes its decisions in ``records``.
public struct Job: Sendable {
    /// Identity and header facts of the input file.
    public var source: SourceInfo
    /// The encoded image.
    public let input: ImageSource
    /// For a document (a PDF, a multi-page TIFF): the page this job reads (from 1), set by the
    /// runner; `nil` reads the first page the pipeline selects.
    public var page: Int?
    /// A document page's own text (a born-digital PDF page), in the page's pixels: set by
    /// `decode` when such a page is kept rather than read again; `recognize` takes it as it is.
    public var pageText: [OCRItem]?
    /// The decoded, normalised, upright image (lazy); set by `decode`.
    public var upright: UprightImage?
    /// The parts recognised separately; empty until `tile` or `fit` runs.
    public var views: [View] = []
    /// The engine read the tiles together (a ``TileAwareEngine``): the views' items are in
    /// upright original pixels, each line once, and `merge` has no duplicates to remove.
    public var tilesReadTogether = false
    /// The merged result in upright original pixels, in reading order; set by `merge`.
    public var items: [OCRItem] = []
    /// The service status of the whole job once recognised (0 OK, −9021 no text, ...).
    public var status: ServiceStatus?
    /// Files to write next to the result.
    public var artifacts: [Artifact] = []
    /// The picture a searchable PDF shows for this image or page (made by `write`).
    public var picture: PagePicture?
    /// Regions (upright original pixels) painted black in every picture the pipeline writes,
    /// such as the overlay: what a redaction stage hides.
    public var masks: [Box] = []
    /// One record per stage run so far; the last one belongs to the running stage.
    public private(set) var records: [StageRecord] = []

    /// A job for an image held in memory; `name` is how results and messages call it.
    public init(path name: String, data: Data) {
        self.input = ImageSource(data: data)
        self.source = SourceInfo(path: name, bytes: data.count, sha256: Self.sha256(of: data))
    }

    /// A job for the image file at `file`; `name` is how results and messages call it.
    public init(file: String, name: String) throws {
        self.input = try ImageSource(file: file)
        self.source = SourceInfo(path: name, bytes: input.count, sha256: try input.sha256())
    }

    /// Lowercase hex SHA-256, as recorded in ``SourceInfo/sha256``.
    private static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Opens the record of the stage about to run. The runner calls this.
    public mutating func beginRecord(for stage: String) {
        records.append(StageRecord(stage: stage))
    }

    /// A decision of the running stage, shown by `explain` and in the result file.
    public subscript(record key: String) -> JSONValue? {
        get { records.last?.decisions[key] }
        set {
            if records.isEmpty { records.append(StageRecord(stage: "unknown")) }
            records[records.count - 1].decisions[key] = newValue
        }
    }

    /// The upright image, or an error saying that a `decode` stage must come first.
    public func requireUpright() throws -> UprightImage {
        guard let upright else { throw PipelineOrderError.missingDecode(stage: runningStage) }
        return upright
    }

    /// The views to work on: those made by `tile`/`fit`, or the whole upright image.
    public func currentViews() throws -> [View] {
        if !views.isEmpty { return views }
        return [try requireUpright().wholeView()]
    }

    /// The type of the stage running (whose record is open), for messages.
    public var runningStage: String { records.last?.stage ?? "unknown" }
}

/// A stage found the job without the data an earlier stage should have produced.
public enum PipelineOrderError: DescribedError {
    public var kind: FailureKind { .configuration }

    case missingDecode(stage: String)
    case missingItems(stage: String)

    public var code: String { "pipeline_order" }
    public var summary: String {
        switch self {
        case .missingDecode(let stage): "the \(stage) stage needs a decoded image, but no decode stage ran before it"
        case .missingItems(let stage): "the \(stage) stage needs recognised items, but no recognize stage ran before it"
        }
    }
    public var remedy: String { "reorder the pipeline file's stages (ocr-pipeline validate explains the order)" }
}

extension Job {
    /// Whether the views are tiles rather than the whole image.
    public var isTiled: Bool {
        guard let size = upright?.size else { return views.count > 1 }
        return views.count > 1 || views.contains { $0.region != Box(x: 0, y: 0, width: size.width, height: size.height) }
    }
}
