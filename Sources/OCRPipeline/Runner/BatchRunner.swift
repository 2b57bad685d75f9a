import Foundation

/// Processes every image under a folder with a pipeline: concurrently, with bounded memory,
/// writing each result atomically, skipping what a previous run already finished.
///
/// ```swift
/// let runner = BatchRunner(pipeline: pipeline, input: "img", output: "out")
/// let summary = try await runner.run { event in print(event.json.serialized()) }
/// print(summary.outcome)   // succeeded, someFailed, stopped (quota, arrears), interrupted
/// ```
public struct BatchRunner: Sendable {
    public struct Options: Sendable {
        /// Images processed at once (one engine per worker).
        public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Redo images that already have a result from the same input and pipeline.
        public var force = false
        public var shard: Shard = .whole
        /// Pixels that running jobs may hold decoded at once (in-process: worker processes
        /// are bounded by their own memory cap instead).
        public var memoryCapacityPixels = MemoryGate.defaultCapacity()
        /// Where images are processed. The command line uses worker processes, so that a crash
        /// in a native library costs one image; the library default stays in process.
        public var isolation: Isolation = .inProcess
        public init() {}
    }

    public let pipeline: Pipeline
    public let input: String
    public let output: OutputStore
    public let options: Options

    public init(pipeline: Pipeline, input: String, output: String, options: Options = Options()) {
        self.pipeline = pipeline
        self.input = input
        self.output = OutputStore(root: output)
        self.options = options
    }

    /// Runs the batch. Cancelling the calling task stops it cleanly: running images finish
    /// their current stage and are reported as not run; nothing half-written is left.
    public func run(events: @escaping @Sendable (RunEvent) -> Void = { _ in }) async throws -> RunSummary {
        let started = Date()
        let inputs = try InputScanner(root: input, excluding: [output.root.path]).scan().filter { options.shard.contains($0.relativePath) }
        try OutputError.prepare(output.root)
        output.removeStaleTemporaries()

        var pending: [InputScanner.Input] = []
        var manifest: [String: JSONValue] = [:]
        var summary = RunSummary()
        for input in inputs {
            if !options.force, let done = finishedResult(for: input) {
                manifest[input.relativePath] = manifestLine(rel: input.relativePath, result: done)
                if let failure = done.failure {
                    summary.failed += 1
                    summary.failuresByCode[failure.code, default: 0] += 1
                }
            } else {
                pending.append(input)
            }
        }
        summary.total = inputs.count
        // A failure kept from the last run (it crashed its worker) counts as failed, not skipped.
        summary.skipped = inputs.count - pending.count - summary.failed
        let workers = max(1, min(options.workers, pending.count))
        events(
            .started(
                total: inputs.count, pending: pending.count, skipped: summary.skipped, workers: workers,
                shard: options.shard.count > 1 ? options.shard.description : nil))

        let queue = WorkQueue(pending)
        let gate = MemoryGate(capacity: options.memoryCapacityPixels)
        let outcomes = await withTaskGroup(of: [Outcome].self) { group in
            for index in 0..<workers {
                let processor = options.isolation.makeProcessor(pipeline: pipeline, index: index, count: workers, gate: gate)
                group.addTask {
                    var done: [Outcome] = []
                    while !Task.isCancelled, let input = await queue.next() {
                        done.append(await process(input, processor: processor, queue: queue, events: events))
                    }
                    await processor.shutDown()
                    return done
                }
            }
            var all: [Outcome] = []
            for await batch in group { all += batch }
            return all
        }

        for outcome in outcomes {
            switch outcome.result.outcome {
            case .done: summary.succeeded += 1
            case .failed(let failure):
                summary.failed += 1
                summary.failuresByCode[failure.code, default: 0] += 1
            }
            manifest[outcome.input.relativePath] = manifestLine(rel: outcome.input.relativePath, result: outcome.result)
        }
        summary.notRun = pending.count - outcomes.count
        summary.interrupted = Task.isCancelled
        summary.abortReason = await queue.stopReason
        summary.seconds = Date().timeIntervalSince(started)
        try writeManifest(manifest)
        events(.finished(summary))
        return summary
    }

    struct Outcome: Sendable {
        let input: InputScanner.Input
        let result: JobResult
    }

    private func process(
        _ input: InputScanner.Input, processor: any ImageProcessor,
        queue: WorkQueue, events: @escaping @Sendable (RunEvent) -> Void
    ) async -> Outcome {
        let rel = input.relativePath
        let clock = Date()
        events(.imageStarted(relativePath: rel))
        var result = await processor.process(.file(path: input.path), name: rel) { message in
            events(.log(relativePath: rel, message: message))
        }
        if let failure = result.failure, failure.stopsRun {
            await queue.stop(reason: failure.message)
        }
        do {
            try output.save(result, relativePath: rel, redactor: pipeline.redactor)
        } catch {
            let unwritten = OutputError.unwritable(reason: error.localizedDescription)
            result.outcome = .failed(JobResult.Failure(unwritten, file: rel, stage: "write", redactor: pipeline.redactor))
        }
        events(
            .imageFinished(
                relativePath: rel, status: result.status, code: result.failure?.code, message: result.failure?.message,
                seconds: Date().timeIntervalSince(clock)))
        return Outcome(input: input, result: result)
    }

    /// The earlier result for this input, if it was made from the same bytes and pipeline and
    /// either succeeded or failed in a way a rerun would repeat (the file crashed its worker).
    private func finishedResult(for input: InputScanner.Input) -> JobResult? {
        guard let previous = output.existingResult(for: input.relativePath),
            previous.failure.map({ WorkerFailure.stickyCodes.contains($0.code) }) ?? true,
            previous.pipelineFingerprint == pipeline.fingerprint,
            let size = try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int,
            previous.source.bytes == size,
            let digest = try? ImageSource(file: input.path).sha256(),
            previous.source.sha256 == digest
        else { return nil }
        return previous
    }

    private func manifestLine(rel: String, result: JobResult) -> JSONValue {
        var line: JSONObject = ["rel": .string(rel), "status": .string(result.status.rawValue)]
        line["code"] = result.failure.map { .string($0.code) } ?? .null
        if result.service != nil { line["items"] = .int(result.items.count) }
        return .object(line)
    }

    /// `manifest.jsonl` (or `manifest-K-of-N.jsonl` for a shard): one line per input, sorted.
    private func writeManifest(_ lines: [String: JSONValue]) throws {
        let name = options.shard.count > 1 ? "manifest-\(options.shard.index)-of-\(options.shard.count).jsonl" : "manifest.jsonl"
        let text = lines.sorted { $0.key < $1.key }.map { $0.value.serialized() + "\n" }.joined()
        try output.write(Data(text.utf8), to: output.root.appendingPathComponent(name))
    }
}

/// Hands out inputs to workers; stops handing out when the run must stop.
actor WorkQueue {
    private var inputs: [InputScanner.Input]
    private var position = 0
    private(set) var stopReason: String?

    init(_ inputs: [InputScanner.Input]) { self.inputs = inputs }

    func next() -> InputScanner.Input? {
        guard stopReason == nil, position < inputs.count else { return nil }
        defer { position += 1 }
        return inputs[position]
    }

    func stop(reason: String) {
        if stopReason == nil { stopReason = reason }
    }
}
