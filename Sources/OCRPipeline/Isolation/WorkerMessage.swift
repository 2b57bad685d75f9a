import Foundation

/// What the runner asks of a worker process: the header of a ``WireFrame`` (JSON by
/// `Codable`); image bytes travel as the frame's attachments. The user's result file is not
/// this format: results cross as ``WireResult``, with what that file leaves out.
enum WorkerRequest: Codable, Sendable {
    /// Load this pipeline; answered with ``WorkerReply/ready(fingerprint:)`` or ``WorkerReply/refused(message:)``.
    case configure(WorkerConfiguration)
    /// Process one image; answered with ``WorkerReply/finished(job:result:residentBytes:)``.
    case process(JobRequest)
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
}

/// The pipeline a worker loads, with what its loading depends on.
struct WorkerConfiguration: Codable, Sendable {
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

    init(_ result: JobResult) {
        source = result.source
        failure = result.failure.map {
            Failure(code: $0.code, message: $0.message, detail: $0.detail, stage: $0.stage, kind: $0.kind, stopsRun: $0.stopsRun)
        }
        service = result.service
        items = result.items
        records = result.records.map { Record(stage: $0.stage, decisions: JSONValue.object($0.decisions).serialized()) }
        artifactSuffixes = result.artifacts.map(\.suffix)
        pipelineFingerprint = result.pipelineFingerprint
    }

    /// The result, with its artifacts' bytes from the frame's attachments; `nil` when they do
    /// not match the suffixes.
    func result(artifacts: [Data]) -> JobResult? {
        guard artifacts.count == artifactSuffixes.count else { return nil }
        var outcome = JobResult.Outcome.done
        if let failure {
            let remote = RemoteFailure(code: failure.code, message: failure.message, kind: failure.kind, detail: failure.detail)
            outcome = .failed(JobResult.Failure(failure.stopsRun ? RemoteRunStop(remote) : remote, file: source.path, stage: failure.stage))
        }
        return JobResult(
            source: source, outcome: outcome, service: service, items: items,
            records: records.map { StageRecord(stage: $0.stage, decisions: (try? JSONValue.parse(Data($0.decisions.utf8)))?.objectValue ?? [:]) },
            artifacts: zip(artifactSuffixes, artifacts).map { Artifact(suffix: $0, bytes: $1) },
            pipelineFingerprint: pipelineFingerprint)
    }
}
