import Foundation

/// Why a worker process lost the image it held. The image fails with this; the worker is
/// replaced and the batch (or the server) goes on.
public enum WorkerFailure: DescribedError, Equatable {
    /// The worker died: `how` says by which signal (`died by SIGSEGV`) or with which exit status.
    case crashed(how: String, stage: String?, lastOutput: String?)
    /// The worker's resident memory passed its cap.
    case memoryLimit(bytes: Int, stage: String?)
    /// The image took longer than its time bound.
    case timedOut(seconds: Double, stage: String?)

    /// The codes of failures that a rerun would repeat: kept as results, not retried unless the run is forced (``BatchRunner/Options/force``).
    public static let stickyCodes: Set<String> = ["crashed", "memory_limit", "timed_out"]

    public var kind: FailureKind { .workerLost }

    public var code: String {
        switch self {
        case .crashed: "crashed"
        case .memoryLimit: "memory_limit"
        case .timedOut: "timed_out"
        }
    }

    /// The stage that was running.
    public var stage: String? {
        switch self {
        case .crashed(_, let stage, _), .memoryLimit(_, let stage), .timedOut(_, let stage): stage
        }
    }

    public var summary: String {
        let during = stage.map { " during the \($0) stage" } ?? ""
        switch self {
        case .crashed(let how, _, let lastOutput):
            let quoted = lastOutput.map { " (its last words: \($0))" } ?? ""
            return "the worker process \(how)\(during)\(quoted); only this image was lost"
        case .memoryLimit(let bytes, _):
            return "the worker process passed its memory cap of \(bytes >> 20) MB\(during) and was stopped"
        case .timedOut(let seconds, _):
            return "the image took longer than its time bound of \(Self.format(seconds)) s\(during) and its worker was stopped"
        }
    }

    public var remedy: String {
        let names = OptionNames.current
        let retry = "rerun with \(names.rerunAll) to try it again"
        return switch self {
        case .crashed:
            "the file most likely trips a bug in an image or OCR library: check it opens elsewhere, re-save it (e.g. `vips copy in.jpg out.png`), and report it with the file; \(retry)"
        case .memoryLimit:
            "raise \(names.workerMemoryLimit), or lower decode's max_pixels so such files fail fast; \(retry)"
        case .timedOut:
            "raise \(names.imageTimeout), or shrink the image first; \(retry)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }

    /// The conventional name of a signal number.
    static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [
            SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
            SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP", SIGSYS: "SIGSYS", SIGPIPE: "SIGPIPE",
        ]
        return names[number] ?? "signal \(number)"
    }
}
