import Foundation
import Testing
@_exported import TestSupport

/// Runs the built `ocr-pipeline` executable, as a user would.
enum CLI {
    static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocr-pipeline").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/ocr-pipeline").path
    }()

    static var packageRoot: URL { PackageRoot.url }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], executable: String = executable) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Starts a run, and once `results` result files exist in `output`, sends it `signal`;
    /// returns the run's exit status as the shell reports it (128 + signal when killed).
    /// A separate shell watches the files, so the timing does not depend on this test
    /// process being scheduled while other tests keep its threads busy.
    static func runThenSignal(_ arguments: [String], signal: String, results: Int, in output: String) async throws -> Int32 {
        try await offCooperativePool { try runThenSignalBlocking(arguments, signal: signal, results: results, in: output) }
    }

    private static func runThenSignalBlocking(_ arguments: [String], signal: String, results: Int, in output: String) throws -> Int32 {
        let quoted = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = """
        \(quoted) > /dev/null 2>&1 &
        pid=$!
        for _ in $(seq 3000); do
          count=$(find '\(output)' -name '*.json' ! -name '.*' 2>/dev/null | wc -l)
          [ "$count" -ge \(results) ] && break
          sleep 0.01
        done
        kill -\(signal) $pid
        wait $pid
        exit $?
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs the executable to its end, off the cooperative pool.
    static func run(_ arguments: [String], environment: [String: String] = [:], executable: String = executable) async throws -> Output {
        try await offCooperativePool { try runBlocking(arguments, environment: environment, executable: executable) }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], executable: String) throws -> Output {
        let (process, out, err) = try start(arguments, environment: environment, executable: executable)
        // Read both pipes concurrently so a full pipe never blocks the child.
        let stderrData = Recorder<Data>()
        let reader = Thread { stderrData.append(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while stderrData.values.isEmpty { Thread.sleep(forTimeInterval: 0.01) }
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData.values.first ?? Data(), as: UTF8.self))
    }
}

extension CLI {
    /// Runs the executable with its output discarded, and returns its exit status and the
    /// peak resident memory of that one process in bytes (`wait4`'s `ru_maxrss`), which no
    /// other test running at the same time can disturb.
    static func runMeasuringPeakMemory(_ arguments: [String], executable: String = executable) async throws -> (status: Int32, peakBytes: Int) {
        try await offCooperativePool { try runMeasuringPeakMemoryBlocking(arguments, executable: executable) }
    }

    private static func runMeasuringPeakMemoryBlocking(_ arguments: [String], executable: String) throws -> (status: Int32, peakBytes: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, usage.ru_maxrss * 1024)
    }
}
