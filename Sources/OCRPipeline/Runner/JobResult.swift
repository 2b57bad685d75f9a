import Foundation

/// The outcome of one input — an image, or a document and each of its pages — and of one page:
/// what the result file `<rel>.json` holds.
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
    /// For a document: the result of each page read, in order, each in its page's pixels (the
    /// document's own ``items`` stay empty). Empty for an image.
    public var pages: [JobResult]
    /// A page's picture for the searchable PDF, when `write` made one (not a file of its own).
    public var picture: PagePicture?

    public init(
        source: SourceInfo, outcome: Outcome, service: ServiceStatus? = nil, items: [OCRItem] = [], records: [StageRecord] = [],
        artifacts: [Artifact] = [], pipelineFingerprint: String, pages: [JobResult] = [], picture: PagePicture? = nil
    ) {
        self.source = source
        self.outcome = outcome
        self.service = service
        self.items = items
        self.records = records
        self.artifacts = artifacts
        self.pipelineFingerprint = pipelineFingerprint
        self.pages = pages
        self.picture = picture
    }

    /// Whether this is a document's result (its pages within).
    public var isDocument: Bool { source.pages != nil && source.page == nil }

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
        if let failure { object["error"] = Self.json(failure) }
        if isDocument {
            object["pages"] = .array(pages.map(\.pageJSON))
        } else {
            for (key, value) in serviceJSON { object[key] = value }
            object["stages"] = .array(records.map(\.json))
        }
        if !artifacts.isEmpty { object["outputs"] = .array(artifacts.map { .string($0.suffix) }) }
        object["pipeline"] = .string(pipelineFingerprint)
        return .object(object)
    }

    /// A page's entry in its document's result: its number, status, size, resolution and items.
    var pageJSON: JSONValue {
        var object: JSONObject = ["page": source.page.map(JSONValue.int) ?? .null, "status": .string(status.rawValue)]
        if let failure { object["error"] = Self.json(failure) }
        if let size = source.uprightSize {
            object["width"] = .int(size.width)
            object["height"] = .int(size.height)
        }
        if let dpi = source.dpi { object["dpi"] = .double(dpi) }
        for (key, value) in serviceJSON { object[key] = value }
        object["stages"] = .array(records.map(\.json))
        if !artifacts.isEmpty { object["outputs"] = .array(artifacts.map { .string($0.suffix) }) }
        return .object(object)
    }

    private var serviceJSON: JSONObject {
        guard let service else { return [:] }
        return ["code": .int(service.code), "message": .string(service.message), "data": ["items": .array(items.map(\.json))]]
    }

    private static func json(_ failure: Failure) -> JSONValue {
        var error: JSONObject = ["code": .string(failure.code), "message": .string(failure.message)]
        if let stage = failure.stage { error["stage"] = .string(stage) }
        error["kind"] = .string(failure.kind.rawValue)
        return .object(error)
    }
}

extension JobResult {
    /// A result read back from its ``json`` form, as an earlier run wrote it (without its
    /// artifacts' bytes, or character boxes: what a rerun needs to decide whether to skip it).
    public init?(json: JSONValue) {
        guard let source = json["source"].flatMap(SourceInfo.init(json:)) else { return nil }
        self.init(json: json, source: source)
        pipelineFingerprint = json["pipeline"]?.stringValue ?? ""
    }

    private init?(json: JSONValue, source: SourceInfo) {
        guard let status = json["status"]?.stringValue.flatMap(Status.init(rawValue:)) else { return nil }
        self.init(source: source, outcome: .done, pipelineFingerprint: "")
        if status == .failed {
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
        pages = (json["pages"]?.arrayValue ?? []).compactMap { page in
            var pageSource = source
            pageSource.page = page["page"]?.intValue
            pageSource.dpi = page["dpi"]?.doubleValue
            if let width = page["width"]?.intValue, let height = page["height"]?.intValue { pageSource.size = PixelSize(width: width, height: height) }
            return JobResult(json: page, source: pageSource)
        }
    }
}

/// Some pages of a document failed: the document is not done, and its result says which.
public struct PagesFailed: DescribedError {
    /// The failed pages (from 1) with their failures, in order.
    public let failures: [(page: Int, failure: JobResult.Failure)]
    public let pageCount: Int

    public init(failures: [(page: Int, failure: JobResult.Failure)], pageCount: Int) {
        self.failures = failures
        self.pageCount = pageCount
    }

    public var code: String { "pages_failed" }
    public var kind: FailureKind { failures.first?.failure.kind ?? .internal }
    public var summary: String {
        let listed = failures.prefix(10).map { "page \($0.page): \($0.failure.detail)" }.joined(separator: "; ")
        let more = failures.count > 10 ? "; and \(failures.count - 10) more" : ""
        return "\(failures.count) of \(pageCount) pages failed — \(listed)\(more)"
    }
    public var remedy: String { "each failed page's error says what to do; the other pages' text is in the result" }
    /// Each page's error carries its own fix.
    public var description: String { summary }
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
