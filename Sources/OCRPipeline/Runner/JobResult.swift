import Foundation

/// The outcome of one image: what the result file `<rel>.json` holds.
public struct JobResult: Sendable, JSONRepresentable {
    public enum Status: String, Sendable { case ok, failed }

    /// Why a job failed: the error's stable code, a message naming the file and the fix, and
    /// the stage that failed.
    public struct Failure: Sendable, Error, CustomStringConvertible {
        public var code: String
        public var message: String
        public var stage: String?
        /// What kind of failure it is (kept across worker processes, where the typed error is not).
        public var kind: FailureKind
        /// The typed error, when the library has one.
        public var underlying: (any DescribedError)?
        public var description: String { message }

        public init(code: String, message: String, stage: String?, kind: FailureKind = .internal, underlying: (any DescribedError)? = nil) {
            self.code = code
            self.message = message
            self.stage = stage
            self.kind = underlying?.kind ?? kind
            self.underlying = underlying
        }
    }

    public var source: SourceInfo
    public var status: Status
    public var failure: Failure?
    /// The service status (0 OK, −9021 no text), once an engine ran.
    public var service: ServiceStatus?
    /// Merged items in upright original pixels.
    public var items: [OCRItem]
    public var records: [StageRecord]
    /// Files written next to the result, by suffix.
    public var artifacts: [Artifact]
    /// Fingerprint of the pipeline that produced it.
    public var pipelineFingerprint: String

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
    /// A result read back from its ``json`` form and the bytes of its artifacts, in the order
    /// of its `outputs` (how a worker process hands its result to the runner).
    public init?(json: JSONValue, artifactBytes: [Data]) {
        guard let source = json["source"].flatMap(SourceInfo.init(json:)),
            let status = json["status"]?.stringValue.flatMap(Status.init(rawValue:))
        else { return nil }
        self.source = source
        self.status = status
        if let error = json["error"], let code = error["code"]?.stringValue {
            failure = Failure(
                code: code, message: error["message"]?.stringValue ?? "", stage: error["stage"]?.stringValue,
                kind: error["kind"]?.stringValue.flatMap(FailureKind.init(rawValue:)) ?? .internal)
        }
        if let code = json["code"]?.intValue {
            service = ServiceStatus(code: code, message: json["message"]?.stringValue ?? "")
        }
        items = (json["data"]?["items"]?.arrayValue ?? []).compactMap(OCRItem.init(json:))
        records = (json["stages"]?.arrayValue ?? []).compactMap(StageRecord.init(json:))
        let suffixes = (json["outputs"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard suffixes.count == artifactBytes.count else { return nil }
        artifacts = zip(suffixes, artifactBytes).map { Artifact(suffix: $0, bytes: $1) }
        pipelineFingerprint = json["pipeline"]?.stringValue ?? ""
    }
}
