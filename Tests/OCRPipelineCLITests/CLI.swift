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
    static func runThenSignal(_ arguments: [String], signal: String, results: Int, in output: String) throws -> Int32 {
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

    static func run(_ arguments: [String], environment: [String: String] = [:], executable: String = executable) throws -> Output {
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
