import Foundation

/// Progress of a batch, for a progress bar, logs, or an application reading `--events`.
public enum RunEvent: Sendable, JSONRepresentable {
    /// Inputs found, how many will run and how many already have a result.
    case started(total: Int, pending: Int, skipped: Int, workers: Int, shard: String?)
    case imageStarted(relativePath: String)
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

/// What a batch did, and the process exit status it maps to.
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
    public var seconds = 0.0

    public var exitStatus: ExitStatus {
        if interrupted { return .interrupted }
        if abortReason != nil { return .aborted }
        return failed > 0 ? .someFailed : .success
    }

    public var json: JSONValue {
        var object: JSONObject = ["total": .int(total), "skipped": .int(skipped), "succeeded": .int(succeeded), "failed": .int(failed)]
        if notRun > 0 { object["not_run"] = .int(notRun) }
        if interrupted { object["interrupted"] = true }
        if let abortReason { object["aborted"] = .string(abortReason) }
        if !failuresByCode.isEmpty {
            var codes = JSONObject()
            for code in failuresByCode.keys.sorted() { codes[code] = .int(failuresByCode[code]!) }
            object["failures"] = .object(codes)
        }
        object["seconds"] = .double((seconds * 100).rounded() / 100)
        object["exit_status"] = .int(Int(exitStatus.rawValue))
        return .object(object)
    }
}

/// The documented exit statuses of `ocr-pipeline`.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Every image succeeded (or was already done).
    case success = 0
    /// The run finished but some images failed; see the manifest.
    case someFailed = 1
    /// Bad command line, pipeline file, input or output folder: nothing was processed.
    case usage = 2
    /// The run stopped early because every later call would fail too (quota, arrears).
    case aborted = 3
    /// Interrupted (Ctrl-C, SIGTERM); a rerun finishes what is missing.
    case interrupted = 130

    public var meaning: String {
        switch self {
        case .success: "every image succeeded (or already had a result)"
        case .someFailed: "the run finished, some images failed (see manifest.jsonl)"
        case .usage: "unusable command line, pipeline file, input or output folder: nothing was processed"
        case .aborted: "stopped early: the service refuses every further call (quota used up, account in arrears)"
        case .interrupted: "interrupted by Ctrl-C or SIGTERM; rerun to finish what is missing"
        }
    }
}
