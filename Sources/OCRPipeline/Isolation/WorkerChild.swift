import Foundation
import Synchronization

/// A started worker process seen from the runner: frames in on its standard input, frames out
/// on its standard output, the tail of its standard error kept for crash messages.
///
/// Hand-written over `Process` and raw descriptors: frames carry megabytes of image bytes
/// and must be read off the cooperative pool by a blocking thread of their own.
final class WorkerChild: Sendable {
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    /// The frames the worker sent, in order.
    let frames = FrameInbox()
    private let process = Process()
    private let input: Int32
    /// Held while a frame is written, so frames from two tasks never interleave.
    private let writing = Mutex(())
    private struct State {
        var stderrTail = ""
        var termination: Termination?
        var terminationWaiters: [CheckedContinuation<Termination, Never>] = []
    }
    private let state = Mutex(State())
    private let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()

    init(executable: String, arguments: [String]) throws {
        signal(SIGPIPE, SIG_IGN)  // a worker that dies mid-write must be an error, not the runner's death
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash ends in milliseconds, not a symbolicated dump
        process.environment = environment
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        input = stdinPipe.fileHandleForWriting.fileDescriptor
        process.terminationHandler = { [weak self] process in
            let ended: Termination = process.terminationReason == .uncaughtSignal ? .signaled(process.terminationStatus) : .exited(process.terminationStatus)
            self?.ended(ended)
        }
        try process.run()

        let output = stdoutPipe.fileHandleForReading.fileDescriptor
        let errors = stderrPipe.fileHandleForReading.fileDescriptor
        let decoder = FrameSink(frames)
        Self.readThread(name: "ocr-worker-reader", fd: output, consume: decoder.consume)
        Self.readThread(name: "ocr-worker-stderr", fd: errors) { [weak self] bytes in
            guard let bytes, let self else { return false }
            self.state.withLock { state in
                state.stderrTail += String(decoding: bytes, as: UTF8.self)
                if state.stderrTail.utf8.count > 8192 { state.stderrTail = String(state.stderrTail.suffix(4096)) }
            }
            return true
        }
    }

    deinit { kill() }

    var processIdentifier: Int32 { process.processIdentifier }

    /// The last non-empty line the worker wrote to standard error.
    var lastErrorLine: String? {
        state.withLock { $0.stderrTail }.split(separator: "\n").last.map { String($0.prefix(300)) }
    }

    /// Writes a frame; false if the worker is gone.
    func send(_ frame: WireFrame) -> Bool {
        let bytes = frame.encoded()
        return writing.withLock { _ in writeAll(bytes, to: input) }
    }

    /// Closes the worker's standard input: it finishes and exits.
    func closeInput() { try? stdinPipe.fileHandleForWriting.close() }

    /// Kills the worker and anything it started.
    func kill() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        if getpgid(pid) == pid { Glibc.kill(-pid, SIGKILL) }
        Glibc.kill(pid, SIGKILL)
    }

    /// Resident memory of the worker in bytes, from `/proc`.
    var residentBytes: Int? { ResidentMemory.bytes(ofProcess: "\(process.processIdentifier)") }

    /// Waits for the worker to end.
    func waitForTermination() async -> Termination {
        await withCheckedContinuation { continuation in
            let known: Termination? = state.withLock { state in
                if let termination = state.termination { return termination }
                state.terminationWaiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    private func ended(_ status: Termination) {
        let waiters = state.withLock { state in
            state.termination = status
            defer { state.terminationWaiters = [] }
            return state.terminationWaiters
        }
        for waiter in waiters { waiter.resume(returning: status) }
    }

    /// Decodes the bytes of one reading thread into frames (used by that thread only, so its
    /// lock is never contended).
    private final class FrameSink: Sendable {
        private let decoder = Mutex(WireFrameDecoder())
        private let inbox: FrameInbox

        init(_ inbox: FrameInbox) { self.inbox = inbox }

        func consume(_ bytes: [UInt8]?) -> Bool {
            guard let bytes, let frames = try? decoder.withLock({ try $0.append(bytes) }) else {
                inbox.finish()
                return false
            }
            for frame in frames { inbox.put(frame) }
            return true
        }
    }

    /// Reads `fd` on a thread of its own until `consume` returns false or the stream ends (`nil`).
    private static func readThread(name: String, fd: Int32, consume: @escaping @Sendable ([UInt8]?) -> Bool) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { _ = consume(nil); return }
                guard consume(Array(buffer[0..<count])) else { return }
            }
        }
        thread.name = name
        thread.start()
    }
}

/// Frames received from a worker, waited for one at a time. Unlike an `AsyncStream`, waiting
/// is not ended by the waiter's cancellation: a cancelled run still hears how its images ended.
final class FrameInbox: Sendable {
    private struct State {
        var frames: [WireFrame] = []
        var finished = false
        var waiter: CheckedContinuation<WireFrame?, Never>?
    }

    private let state = Mutex(State())

    func put(_ frame: WireFrame) {
        let woken: CheckedContinuation<WireFrame?, Never>? = state.withLock { state in
            guard let waiter = state.waiter else {
                state.frames.append(frame)
                return nil
            }
            state.waiter = nil
            return waiter
        }
        woken?.resume(returning: frame)
    }

    func finish() {
        let woken: CheckedContinuation<WireFrame?, Never>? = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        woken?.resume(returning: nil)
    }

    /// The next frame, or `nil` once the worker's output has ended.
    func next() async -> WireFrame? {
        await withCheckedContinuation { continuation in
            let ready: WireFrame?? = state.withLock { state in
                if !state.frames.isEmpty { return .some(state.frames.removeFirst()) }
                if state.finished { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
