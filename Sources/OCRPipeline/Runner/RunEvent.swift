import Foundation

/// Progress of a batch, for a progress bar, logs, or an application reading `--events`.
public enum RunEvent: Sendable, JSONRepresentable {
    /// Inputs found, how many will run and how many already have a result.
    case started(total: Int, pending: Int, skipped: Int, workers: Int, shard: String?)
    case imageStarted(relativePath: String)
    /// An input is a document: `pages` of its pages will be read, `alreadyDone` of them by an earlier run.
    case documentStarted(relativePath: String, pages: Int, alreadyDone: Int)
    /// One page of a document is read (its document finishes with ``imageFinished``).
    case pageFinished(relativePath: String, page: Int, status: JobResult.Status, code: String?, message: String?, seconds: Double)
    /// An input — an image, or a document once all its pages are read — is done.
    case imageFinished(relativePath: String, status: JobResult.Status, code: String?, message: String?, seconds: Double)
    /// A stage's progress line for one image.
    case log(relativePath: String, message: String)
    case finished(RunSummary)

    public var json: JSONValue {
        switch self {
        case .started(let total, let pending, let skipped, let workers, let shard):
            var object: JSONObject = ["event": "started", "total": .int(total), "pending": .int(pending), "skipped": .int(skipped), "workers": .int(workers)]
            if let shard { object["shard"] = .string(shard) }
            return .object(object)
        case .imageStarted(let rel):
            return ["event": "image_started", "rel": .string(rel)]
        case .documentStarted(let rel, let pages, let done):
            return ["event": "document_started", "rel": .string(rel), "pages": .int(pages), "already_done": .int(done)]
        case .pageFinished(let rel, let page, let status, let code, let message, let seconds):
            var object: JSONObject = ["event": "page_finished", "rel": .string(rel), "page": .int(page), "status": .string(status.rawValue)]
            if let code { object["code"] = .string(code) }
            if let message { object["message"] = .string(message) }
            object["seconds"] = .double((seconds * 1000).rounded() / 1000)
            return .object(object)
        case .imageFinished(let rel, let status, let code, let message, let seconds):
            var object: JSONObject = ["event": "image_finished", "rel": .string(rel), "status": .string(status.rawValue)]
            if let code { object["code"] = .string(code) }
            if let message { object["message"] = .string(message) }
            object["seconds"] = .double((seconds * 1000).rounded() / 1000)
            return .object(object)
        case .log(let rel, let message):
            return ["event": "log", "rel": .string(rel), "message": .string(message)]
        case .finished(let summary):
            var object = summary.json.objectValue ?? [:]
            object["event"] = "finished"
            return .object(object)
        }
    }
}

/// How a batch ended.
public enum RunOutcome: String, Sendable {
    /// Every image succeeded (or was already done).
    case succeeded
    /// The run finished but some images failed; see the manifest.
    case someFailed = "some_failed"
    /// The run stopped early because every later call would fail too (quota, arrears).
    case stopped
    /// Interrupted (cancelled); a rerun finishes what is missing.
    case interrupted
}

/// What a batch did.
public struct RunSummary: Sendable, JSONRepresentable {
    public var total = 0
    public var skipped = 0
    public var succeeded = 0
    public var failed = 0
    /// Inputs not attempted because the run was interrupted or stopped.
    public var notRun = 0
    public var interrupted = false
    /// Why the whole run stopped early (e.g. the service's quota is used up).
    public var abortReason: String?
    public var failuresByCode: [String: Int] = [:]
    /// Pages of the documents finished in this run, and how many of them failed.
    public var pages = 0
    public var pagesFailed = 0
    public var seconds = 0.0

    public var outcome: RunOutcome {
        if interrupted { return .interrupted }
        if abortReason != nil { return .stopped }
        return failed > 0 ? .someFailed : .succeeded
    }

    public var json: JSONValue {
        var object: JSONObject = ["total": .int(total), "skipped": .int(skipped), "succeeded": .int(succeeded), "failed": .int(failed)]
        if notRun > 0 { object["not_run"] = .int(notRun) }
        if pages > 0 {
            object["pages"] = .int(pages)
            object["pages_failed"] = .int(pagesFailed)
        }
        if interrupted { object["interrupted"] = true }
        if let abortReason { object["aborted"] = .string(abortReason) }
        if !failuresByCode.isEmpty {
            var codes = JSONObject()
            for code in failuresByCode.keys.sorted() { codes[code] = .int(failuresByCode[code]!) }
            object["failures"] = .object(codes)
        }
        object["seconds"] = .double((seconds * 100).rounded() / 100)
        object["outcome"] = .string(outcome.rawValue)
        return .object(object)
    }
}
