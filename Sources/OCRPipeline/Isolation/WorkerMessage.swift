import DocumentKit
import Foundation

/// What the runner asks of a worker process: the header of a ``WireFrame`` (JSON by
/// `Codable`); image bytes travel as the frame's attachments. The user's result file is not
/// this format: results cross as ``WireResult``, with what that file leaves out.
enum WorkerRequest: Codable, Sendable {
    /// Load this pipeline; answered with ``WorkerReply/ready(fingerprint:)`` or ``WorkerReply/refused(message:)``.
    case configure(WorkerConfiguration)
    /// Process one image or page; answered with ``WorkerReply/finished(job:result:residentBytes:)``.
    case process(JobRequest)
    /// Say which pages of a document to read; answered with ``WorkerReply/planned(job:plan:failure:)``.
    case plan(JobRequest)
    /// Write a PDF input's searchable copy; answered with ``WorkerReply/wrote(job:failure:)``.
    case writeSearchablePDF(JobRequest, layers: [Int: [TextLayerLine]], output: String)
    /// Stop that job after its current stage, as the runner's own cancellation does in process.
    case cancel(job: Int)
}

/// What a worker process sends back.
enum WorkerReply: Codable, Sendable {
    case ready(fingerprint: String)
    /// The pipeline could not be loaded; the worker exits.
    case refused(message: String)
    case stageStarted(job: Int, stage: String)
    case log(job: Int, message: String)
    /// The job's result; its artifacts' bytes are the frame's attachments, in order.
    case finished(job: Int, result: WireResult, residentBytes: Int?)
    case planned(job: Int, plan: DocumentPlan?, failure: WireResult.Failure?)
    case wrote(job: Int, failure: WireResult.Failure?)

    /// The job a reply belongs to.
    var job: Int? {
        switch self {
        case .stageStarted(let job, _), .log(let job, _), .finished(let job, _, _), .planned(let job, _, _), .wrote(let job, _): job
        case .ready, .refused: nil
        }
    }
}

/// The pipeline a worker loads, with what its loading depends on.
struct WorkerConfiguration: Codable, Sendable, Hashable {
    /// The pipeline document as written (serialised JSON: key order is kept).
    var document: String
    var name: String
    var baseDirectory: String
    var environment: [String: String]
    var memoryLimit: Int
    var processShare: Int
}

/// One image for a worker: a file it reads, or bytes attached to the frame.
struct JobRequest: Codable, Sendable {
    var id: Int
    /// How messages and results call the image.
    var name: String
    /// The file to read; `nil` when the bytes are attached.
    var path: String?
    /// The page of a document to read (from 1); `nil` for an image, or the first selected page.
    var page: Int?
    /// A pipeline to run instead of the configured one (loaded once, then kept).
    var pipeline: WorkerConfiguration?
}

/// A job's result as it crosses from a worker: everything the result file holds, plus what it
/// leaves out (character boxes, and whether a failure stops the run).
struct WireResult: Codable, Sendable {
    struct Failure: Codable, Sendable {
        var code: String
        var message: String
        var detail: String
        var stage: String?
        var kind: FailureKind
        var stopsRun: Bool

        init(_ failure: JobResult.Failure) {
            code = failure.code
            message = failure.message
            detail = failure.detail
            stage = failure.stage
            kind = failure.kind
            stopsRun = failure.stopsRun
        }

        /// The failure as the runner's side holds it (its typed error stayed in the worker).
        func failure(file: String) -> JobResult.Failure {
            let remote = RemoteFailure(code: code, message: message, kind: kind, detail: detail)
            return JobResult.Failure(stopsRun ? RemoteRunStop(remote) : remote, file: file, stage: stage)
        }
    }

    struct Record: Codable, Sendable {
        var stage: String
        /// The decisions as serialised JSON, so their order survives.
        var decisions: String
    }

    var source: SourceInfo
    var failure: Failure?
    var service: ServiceStatus?
    var items: [OCRItem]
    var records: [Record]
    var artifactSuffixes: [String]
    var pipelineFingerprint: String
    /// The page's picture for a searchable PDF (its bytes are the last attachment).
    var picture: PagePicture?

    init(_ result: JobResult) {
        source = result.source
        failure = result.failure.map(Failure.init)
        service = result.service
        items = result.items
        records = result.records.map { Record(stage: $0.stage, decisions: JSONValue.object($0.decisions).serialized()) }
        artifactSuffixes = result.artifacts.map(\.suffix)
        pipelineFingerprint = result.pipelineFingerprint
        picture = result.picture
    }

    /// The bytes that travel beside the result: its artifacts', then its picture's.
    static func attachments(of result: JobResult) -> [Data] {
        result.artifacts.map(\.bytes) + (result.picture.map { [$0.bytes] } ?? [])
    }

    /// The result, with its artifacts' bytes from the frame's attachments; `nil` when they do
    /// not match the suffixes.
    func result(artifacts attachments: [Data]) -> JobResult? {
        guard attachments.count == artifactSuffixes.count + (picture == nil ? 0 : 1) else { return nil }
        let artifacts = attachments.prefix(artifactSuffixes.count)
        var picture = self.picture
        if picture != nil, let bytes = attachments.last { picture?.bytes = bytes }
        let outcome = failure.map { JobResult.Outcome.failed($0.failure(file: source.path)) } ?? .done
        return JobResult(
            source: source, outcome: outcome, service: service, items: items,
            records: records.map { StageRecord(stage: $0.stage, decisions: (try? JSONValue.parse(Data($0.decisions.utf8)))?.objectValue ?? [:]) },
            artifacts: zip(artifactSuffixes, artifacts).map { Artifact(suffix: $0, bytes: $1) },
            pipelineFingerprint: pipelineFingerprint, picture: picture)
    }
}
