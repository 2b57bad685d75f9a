import Foundation
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A plugin's process, run with swift-subprocess: one JSON line in on standard input, one JSON
/// line out on standard output (read as a line stream), standard error kept (its last lines
/// quote into error messages). The plugin starts in a process group of its own, so stopping it
/// stops whatever it started (a shell script's children would otherwise linger).
final class PluginProcess: Sendable {
    enum LineEvent: Sendable { case line(String), closed, timedOut }

    let label: String
    private let input: AsyncStream<String>.Continuation
    private let shared = Shared()
    /// Counts the lines received and not yet taken (and the end of the output, once).
    private let lines = AsyncSemaphore(capacity: .max, available: 0)
    private let running: Task<Void, Never>

    /// What the reading tasks and the callers share.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private struct State {
        var pid: pid_t?
        var lines: [String] = []
        var closed = false
        var ended = false
        var exitStatus: Int32?
        var failure: String?
        var standardError = ""
    }

    /// Starts `command` (found on `PATH`) in `workingDirectory`. Its I/O runs on `executor`
    /// (the worker's own thread), so it never waits for Swift's shared pool, which long
    /// synchronous work elsewhere may hold.
    init(command: [String], label: String, workingDirectory: String, executor: any TaskExecutor) {
        self.label = label
        let (requests, input) = AsyncStream<String>.makeStream()
        self.input = input
        let shared = self.shared, lines = self.lines
        var options = PlatformOptions()
        options.processGroupID = 0
        running = Task(executorPreference: executor) {
            do {
                let result = try await run(
                    .path("/usr/bin/env"), arguments: Arguments(command), workingDirectory: FilePath(workingDirectory),
                    platformOptions: options, input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    shared.state.withLock { $0.pid = execution.processIdentifier.value }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await line in execution.standardOutput.strings(
                                separatedBy: .unicodeScalarSequence(["\n"]),
                                bufferingPolicy: .maxLineLength(64 << 20))
                            {
                                shared.state.withLock { $0.lines.append(line) }
                                lines.release()
                            }
                        }
                        group.addTask {
                            for try await line in execution.standardError.strings(bufferingPolicy: .unbounded) {
                                shared.state.withLock { state in
                                    state.standardError += line + "\n"
                                    if state.standardError.count > 4000 { state.standardError = String(state.standardError.suffix(2000)) }
                                }
                            }
                        }
                        group.addTask {
                            for await request in requests { _ = try await execution.standardInputWriter.write(request + "\n") }
                            try await execution.standardInputWriter.finish()
                        }
                        // Standard output ends when the plugin exits or closes it: stop writing then.
                        try await group.next()
                        group.cancelAll()
                    }
                }
                if case .exited(let code) = result.terminationStatus { shared.state.withLock { $0.exitStatus = code } }
                if case .signaled(let signal) = result.terminationStatus { shared.state.withLock { $0.exitStatus = 128 + signal } }
            } catch {
                shared.state.withLock { $0.failure = "\(error)" }
            }
            shared.state.withLock {
                $0.closed = true
                $0.ended = true
            }
            lines.release()
        }
    }

    deinit {
        input.finish()
        terminate()
    }

    /// Standard error so far (its tail).
    var standardError: String { shared.state.withLock { $0.standardError } }

    /// Why the process could not be started or run, if it could not.
    var failure: String? { shared.state.withLock { $0.failure } }

    /// Whether the process may still answer.
    var isRunning: Bool { shared.state.withLock { !$0.ended } }

    /// Sends one line (a newline is added).
    func send(_ line: String) { input.yield(line) }

    /// Closes standard input: a per-image plugin may read until end of file.
    func finishInput() { input.finish() }

    /// The next line on standard output, or why there is none.
    func nextLine(timeout: Double) async -> LineEvent {
        if shared.state.withLock({ $0.ended && $0.lines.isEmpty }) { return .closed }
        do {
            try await lines.acquire(deadline: .now + .milliseconds(Int64(timeout * 1000)))
        } catch {
            return .timedOut
        }
        return shared.state.withLock { state in
            if !state.lines.isEmpty { return .line(state.lines.removeFirst()) }
            return .closed
        }
    }

    /// The exit status once the process has ended (waiting briefly for it), else -1.
    func exitStatus() async -> Int32 {
        for _ in 0..<50 where isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        return shared.state.withLock { $0.exitStatus } ?? -1
    }

    /// Stops the plugin and everything it started (its process group).
    func terminate() {
        input.finish()
        guard let pid = shared.state.withLock({ $0.ended ? nil : $0.pid }) else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
    }
}
