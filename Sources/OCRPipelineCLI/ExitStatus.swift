import OCRPipeline

/// The command line's exit statuses (the README's output contract).
enum ExitStatus: Int32, Sendable, CaseIterable {
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

    /// The status a batch's outcome exits with.
    init(_ outcome: RunOutcome) {
        switch outcome {
        case .succeeded: self = .success
        case .someFailed: self = .someFailed
        case .stopped: self = .aborted
        case .interrupted: self = .interrupted
        }
    }

    var meaning: String {
        switch self {
        case .success: "every image succeeded (or already had a result)"
        case .someFailed: "the run finished, some images failed (see manifest.jsonl)"
        case .usage: "unusable command line, pipeline file, input or output folder: nothing was processed"
        case .aborted: "stopped early: the service refuses every further call (quota used up, account in arrears, service not enabled)"
        case .interrupted: "interrupted by Ctrl-C or SIGTERM; rerun to finish what is missing"
        }
    }
}
