import Foundation
import Testing

/// Runs the built `ocr-pipeline` executable, as a user would.
enum CLI {
    static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocr-pipeline").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/ocr-pipeline").path
    }()

    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
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

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let (process, out, err) = try start(arguments, environment: environment)
        // Read both pipes concurrently so a full pipe never blocks the child.
        let stderrData = Recorded<Data>()
        let reader = Thread { stderrData.value = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while stderrData.value == nil { Thread.sleep(forTimeInterval: 0.01) }
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData.value ?? Data(), as: UTF8.self))
    }
}

final class Recorded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A fresh folder removed at the end.
final class Folder {
    let url: URL
    var path: String { url.path }
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ocrp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String { try write(Data(text.utf8), to: name) }

    @discardableResult
    func write(_ data: Data, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    /// Every file below, relative, sorted.
    func files() throws -> [String] { try FileManager.default.subpathsOfDirectory(atPath: path).sorted() }
}
