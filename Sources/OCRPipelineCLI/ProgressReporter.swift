import Foundation
import OCRPipeline
import Synchronization

/// Shows a batch's progress: a redrawn bar on a terminal, one line per image otherwise,
/// NDJSON events for programs, or failures only.
final class ProgressReporter: Sendable {
    enum Mode { case bar, lines, events, quiet }

    /// How far the batch is, in pages (an image is one); events arrive from several workers at once.
    private struct Progress {
        var pending = 0
        var done = 0
        var failed = 0
        var started = Date()
        /// Inputs that are documents: they advance page by page.
        var documents: Set<String> = []
    }

    private let mode: Mode
    private let redactor: Redactor
    private let progress = Mutex(Progress())

    init(mode: Mode, redactor: Redactor) {
        self.mode = mode
        self.redactor = redactor
    }

    func handle(_ event: RunEvent) {
        progress.withLock { progress in
            switch mode {
            case .events:
                var json = redactor.scrub(event.json)
                if case .finished(let summary) = event, var object = json.objectValue {
                    object["exit_status"] = .int(Int(ExitStatus(summary.outcome).rawValue))
                    json = .object(object)
                }
                write(json.serialized() + "\n", to: .standardOutput)
            case .bar, .lines, .quiet:
                human(event, progress: &progress)
            }
        }
    }

    private func human(_ event: RunEvent, progress: inout Progress) {
        switch event {
        case .started(let total, let pending, let skipped, let workers, let shard):
            progress.pending = pending
            progress.started = Date()
            if mode != .quiet {
                write("\(total) images\(shard.map { " in shard \($0)" } ?? ""): \(pending) to do, \(skipped) already done; \(workers) workers\n")
            }
        case .imageStarted, .log:
            break
        case .documentStarted(let rel, let pages, let done):
            progress.documents.insert(rel)
            progress.pending += pages - done - 1
            if mode == .lines { write("       \(rel): \(pages) page\(pages == 1 ? "" : "s")\(done > 0 ? ", \(done) already read" : "")\n") }
        case .pageFinished(let rel, let page, let status, _, let message, let seconds):
            progress.done += 1
            if status == .failed { progress.failed += 1 }
            switch mode {
            case .bar:
                if status == .failed { write("\r\u{1B}[2K" + "FAILED page \(page) of \(redactor.scrub(message ?? rel))\n") }
                write("\r\u{1B}[2K" + Self.bar(progress))
            case .lines:
                write(
                    status == .ok
                        ? "ok     \(rel) page \(page) (\(String(format: "%.2f", seconds)) s)\n" : "FAILED page \(page) of \(redactor.scrub(message ?? rel))\n")
            case .quiet:
                if status == .failed { write("FAILED page \(page) of \(redactor.scrub(message ?? rel))\n") }
            case .events:
                break
            }
        case .imageFinished(let rel, let status, _, let message, let seconds):
            let document = progress.documents.contains(rel)
            if !document {
                progress.done += 1
                if status == .failed { progress.failed += 1 }
            }
            switch mode {
            case .bar:
                if status == .failed { write("\r\u{1B}[2K" + "FAILED \(redactor.scrub(message ?? rel))\n") }
                write("\r\u{1B}[2K" + Self.bar(progress))
            case .lines:
                write(status == .ok ? "ok     \(rel) (\(String(format: "%.2f", seconds)) s)\n" : "FAILED \(redactor.scrub(message ?? rel))\n")
            case .quiet:
                if status == .failed { write("FAILED \(redactor.scrub(message ?? rel))\n") }
            case .events:
                break
            }
        case .finished(let summary):
            if mode == .bar { write("\r\u{1B}[2K") }
            if mode != .quiet || summary.outcome != .succeeded {
                var line = "done in \(String(format: "%.1f", summary.seconds)) s: \(summary.succeeded) ok, \(summary.failed) failed, \(summary.skipped) skipped"
                if summary.notRun > 0 { line += ", \(summary.notRun) not run" }
                if summary.pages > 0 { line += "; \(summary.pages) document pages read, \(summary.pagesFailed) failed" }
                if !summary.failuresByCode.isEmpty {
                    line += " (" + summary.failuresByCode.keys.sorted().map { "\($0): \(summary.failuresByCode[$0]!)" }.joined(separator: ", ") + ")"
                }
                if let reason = summary.abortReason { line += "\nstopped early: \(redactor.scrub(reason))" }
                if summary.interrupted { line += "\ninterrupted: rerun the same command to finish the rest" }
                write(line + "\n")
            }
        }
    }

    private static func bar(_ progress: Progress) -> String {
        let (pending, done, failed, started) = (progress.pending, progress.done, progress.failed, progress.started)
        let width = 30
        let fraction = pending == 0 ? 1 : Double(done) / Double(pending)
        let filled = Int(fraction * Double(width))
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(pending - done) / rate : 0
        let eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        return
            "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(pending)  \(String(format: "%.1f", rate)) img/s  ETA \(eta)  failed \(failed)"
    }

    private func write(_ text: String, to handle: FileHandle = .standardError) {
        handle.write(Data(text.utf8))
    }
}
