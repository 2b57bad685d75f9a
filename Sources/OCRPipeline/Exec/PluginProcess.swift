import Foundation

/// A plugin's process: one JSON line in on standard input, one JSON line out on standard
/// output, standard error kept (its last lines quote into error messages).
final class PluginProcess: @unchecked Sendable {
    let label: String
    private let process = Process()
    private let input: FileHandle
    private let lock = NSLock()
    private var pending = Data()
    private var lines: [String] = []
    private var closed = false
    private var stderrText = ""
    private var waiter: (id: Int, resume: CheckedContinuation<LineEvent, Never>)?
    private var waiterID = 0

    enum LineEvent { case line(String), closed, timedOut }

    init(command: [String], label: String, workingDirectory: String) throws {
        self.label = label
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in self?.received(handle.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { handle.readabilityHandler = nil; return }
            self.lock.withLock {
                self.stderrText += String(decoding: data, as: UTF8.self)
                if self.stderrText.count > 4000 { self.stderrText = String(self.stderrText.suffix(2000)) }
            }
        }
        do {
            try process.run()
        } catch {
            throw ExecError.couldNotStart(plugin: label, reason: "\(error)")
        }
    }

    deinit { terminate() }

    var isRunning: Bool { process.isRunning }
    var standardError: String { lock.withLock { stderrText } }

    /// Sends one line (a newline is added).
    func send(_ line: String) throws {
        do {
            try input.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            throw ExecError.crashed(plugin: label, status: exitStatus(), stderr: standardError)
        }
    }

    /// Closes standard input: a per-image plugin may read until end of file.
    func finishInput() { try? input.close() }

    /// The next line on standard output, or why there is none.
    func nextLine(timeout: Double) async -> LineEvent {
        await withCheckedContinuation { continuation in
            let id: Int? = lock.withLock {
                if !lines.isEmpty { continuation.resume(returning: .line(lines.removeFirst())); return nil }
                if closed { continuation.resume(returning: .closed); return nil }
                waiterID += 1
                waiter = (waiterID, continuation)
                return waiterID
            }
            guard let id else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in self?.expire(id) }
        }
    }

    private func expire(_ id: Int) {
        let expired: CheckedContinuation<LineEvent, Never>? = lock.withLock {
            guard let waiter, waiter.id == id else { return nil }
            self.waiter = nil
            return waiter.resume
        }
        expired?.resume(returning: .timedOut)
    }

    private func received(_ data: Data) {
        var wake: (CheckedContinuation<LineEvent, Never>, LineEvent)?
        lock.withLock {
            if data.isEmpty {
                closed = true
            } else {
                pending.append(data)
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if let waiter {
                if !lines.isEmpty { wake = (waiter.resume, .line(lines.removeFirst())) } else if closed { wake = (waiter.resume, .closed) }
                if wake != nil { self.waiter = nil }
            }
        }
        if let (continuation, event) = wake { continuation.resume(returning: event) }
    }

    /// The exit status once the process has ended (waiting briefly for it), else -1.
    func exitStatus() -> Int32 {
        for _ in 0..<50 where process.isRunning { usleep(10_000) }
        return process.isRunning ? -1 : process.terminationStatus
    }

    func terminate() {
        try? input.close()
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        // Foundation starts the plugin in a process group of its own: stopping the group also
        // stops whatever the plugin started (a shell script's children would otherwise linger).
        if getpgid(pid) == pid { kill(-pid, SIGKILL) }
        kill(pid, SIGKILL)
    }
}
