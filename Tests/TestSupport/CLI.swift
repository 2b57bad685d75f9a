import Foundation

/// Runs the built `ocr-pipeline` executable, as a user would.
public enum CLI {
    public static let executable: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ocr-pipeline").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/ocr-pipeline").path
    }()

    public static var packageRoot: URL { PackageRoot.url }

    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func start(_ arguments: [String], environment: [String: String] = [:], executable: String = executable) throws -> (Process, Pipe, Pipe) {
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

    /// Runs the executable to its end, off the cooperative pool.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], executable: String = executable, prefix: [String] = []
    ) async throws -> Output {
        try await offCooperativePool { try runBlocking(prefix + arguments, environment: environment, executable: executable) }
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
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData.values.first ?? Data(), as: UTF8.self))
    }
}
