import Foundation
import OCRPipeline

/// The repository's root folder.
public enum PackageRoot {
    public static let url: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()
}

/// A fresh empty folder, removed when the value goes away.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ocrp-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    public func write(_ data: Data, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    @discardableResult
    public func write(_ text: String, to name: String) throws -> String { try write(Data(text.utf8), to: name) }

    /// Every file below, relative, sorted.
    public func files() throws -> [String] { try FileManager.default.subpathsOfDirectory(atPath: path).sorted() }
}

/// Collects values from concurrent callbacks.
public final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    public init() {}
    public func append(_ value: Value) { lock.withLock { stored.append(value) } }
    public var values: [Value] { lock.withLock { stored } }
}

/// A clock a test moves by hand.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double
    public init(_ seconds: Double) { self.seconds = seconds }
    public var now: Date { lock.withLock { Date(timeIntervalSince1970: seconds) } }
    public func advance(by interval: Double) { lock.withLock { seconds += interval } }
}

/// Runs stages on one in-memory image exactly as the runner does, returning the final job.
public func runStages(_ stages: [any Stage], on data: Data, name: String = "test.jpg") async throws -> Job {
    var job = Job(path: name, data: data)
    let context = StageContext(worker: WorkerResources())
    for stage in stages {
        job.beginRecord(for: String(describing: type(of: stage)))
        try await stage.process(&job, context: context)
    }
    return job
}

/// The result of running stage values through ``PipelineRunner`` (errors become typed failures).
public func result(_ stages: [any Stage], on data: Data, name: String = "test.jpg") async -> JobResult {
    let pipeline = Pipeline(stages: stages.map { (String(describing: type(of: $0)), $0) })
    return await PipelineRunner(pipeline: pipeline).process(data: data, name: name)
}

/// Runs blocking work (a child process's pipes, a socket) on a thread of its own, so tests never
/// hold the cooperative pool that the code under test (servers, plugin I/O) needs — nor
/// Dispatch's global queues, which are as wide as the cores on Linux: a few tests waiting on
/// long child processes there would delay every other test's work behind them.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.name = "test-blocking-work"
        thread.start()
    }
}
