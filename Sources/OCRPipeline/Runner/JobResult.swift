import Foundation

/// The outcome of one image: what the result file `<rel>.json` holds.
public struct JobResult: Sendable, JSONRepresentable {
    /// How the job ended: done, or failed with a typed failure. One value, so a result cannot
    /// be both.
    public enum Outcome: Sendable {
        case done
        case failed(Failure)
    }

    /// `ok` or `failed`, as the result file and the events spell it.
    public enum Status: String, Sendable { case ok, failed }

    /// Why a job failed: the error's stable code, a message naming the file and the fix, and
    /// the stage that failed. Built from the error by ``init(_:file:stage:redactor:)`` alone.
    public struct Failure: Sendable, Error, CustomStringConvertible {
        public var code: String
        /// What is wrong and the fix, naming the file.
        public var message: String
        /// What is wrong and the fix, without the file name (for answers about one request).
        public var detail: String
        public var stage: String?
        /// What kind of failure it is (kept across worker processes, where the typed error is not).
        public var kind: FailureKind
        /// The typed error; across a worker process, a ``RemoteFailure`` carrying its code and kind.
        public var underlying: any DescribedError
        public var description: String { message }

        /// The failure of the job on `file` (as results name it) by `error`, in `stage`, with
        /// every secret `redactor` knows masked.
        public init(_ error: any DescribedError, file: String, stage: String?, redactor: Redactor = Redactor()) {
            code = error.code
            message = redactor.scrub(error.message(for: file))
            detail = redactor.scrub(error.description)
            self.stage = stage
            kind = error.kind
            underlying = error
        }

        /// Whether every later job would fail the same way (the service's quota is used up).
        public var stopsRun: Bool { underlying is any RunStoppingError }
    }

    public var source: SourceInfo
    public var outcome: Outcome
    /// The service status (0 OK, −9021 no text), once an engine ran.
    public var service: ServiceStatus?
    /// Merged items in upright original pixels.
    public var items: [OCRItem]
    public var records: [StageRecord]
    /// Files written next to the result, by suffix.
    public var artifacts: [Artifact]
    /// Fingerprint of the pipeline that produced it.
    public var pipelineFingerprint: String

    public init(
        source: SourceInfo, outcome: Outcome, service: ServiceStatus? = nil, items: [OCRItem] = [], records: [StageRecord] = [],
        artifacts: [Artifact] = [], pipelineFingerprint: String
    ) {
        self.source = source
        self.outcome = outcome
        self.service = service
        self.items = items
        self.records = records
        self.artifacts = artifacts
        self.pipelineFingerprint = pipelineFingerprint
    }

    public var status: Status {
        if case .failed = outcome { return .failed }
        return .ok
    }

    /// The failure, when the job failed.
    public var failure: Failure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    public var json: JSONValue {
        var object: JSONObject = ["source": source.json, "status": .string(status.rawValue)]
        if let failure {
            var error: JSONObject = ["code": .string(failure.code), "message": .string(failure.message)]
            if let stage = failure.stage { error["stage"] = .string(stage) }
            error["kind"] = .string(failure.kind.rawValue)
            object["error"] = .object(error)
        }
        if let service {
            object["code"] = .int(service.code)
            object["message"] = .string(service.message)
            object["data"] = ["items": .array(items.map(\.json))]
        }
        object["stages"] = .array(records.map(\.json))
        if !artifacts.isEmpty { object["outputs"] = .array(artifacts.map { .string($0.suffix) }) }
        object["pipeline"] = .string(pipelineFingerprint)
        return .object(object)
    }
}

extension JobResult {
    /// A result read back from its ``json`` form, as an earlier run wrote it (without its
    /// artifacts' bytes, or character boxes: what a rerun needs to decide whether to skip it).
    public init?(json: JSONValue) {
        guard let source = json["source"].flatMap(SourceInfo.init(json:)),
            let status = json["status"]?.stringValue.flatMap(Status.init(rawValue:))
        else { return nil }
        self.source = source
        switch status {
        case .ok: outcome = .done
        case .failed:
            let error = json["error"]
            let remote = RemoteFailure(
                code: error?["code"]?.stringValue ?? "unknown", message: error?["message"]?.stringValue ?? "",
                kind: error?["kind"]?.stringValue.flatMap(FailureKind.init(rawValue:)) ?? .internal)
            outcome = .failed(Failure(remote, file: source.path, stage: error?["stage"]?.stringValue))
        }
        if let code = json["code"]?.intValue {
            service = ServiceStatus(code: code, message: json["message"]?.stringValue ?? "")
        }
        items = (json["data"]?["items"]?.arrayValue ?? []).compactMap(OCRItem.init(json:))
        records = (json["stages"]?.arrayValue ?? []).compactMap(StageRecord.init(json:))
        artifacts = (json["outputs"]?.arrayValue ?? []).compactMap(\.stringValue).map { Artifact(suffix: $0, bytes: Data()) }
        pipelineFingerprint = json["pipeline"]?.stringValue ?? ""
    }
}

/// A failure reported by another process (a worker) or an earlier run: its code, message and
/// kind as they were written; the typed error itself stayed there.
public struct RemoteFailure: DescribedError {
    public let code: String
    /// The message as written (it names the file).
    public let message: String
    public let kind: FailureKind
    /// The message without the file name, when known.
    public let detail: String?

    public init(code: String, message: String, kind: FailureKind, detail: String? = nil) {
        self.code = code
        self.message = message
        self.kind = kind
        self.detail = detail
    }

    public var summary: String { detail ?? message }
    public var remedy: String { "" }
    public var description: String { detail ?? message }
    public func message(for file: String) -> String { message }
}

/// A worker's failure after which the run must stop (the service's quota is used up).
struct RemoteRunStop: RunStoppingError {
    let failure: RemoteFailure
    init(_ failure: RemoteFailure) { self.failure = failure }
    var code: String { failure.code }
    var kind: FailureKind { failure.kind }
    var summary: String { failure.summary }
    var remedy: String { "" }
    var description: String { failure.description }
    func message(for file: String) -> String { failure.message }
}
