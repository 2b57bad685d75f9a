import Foundation

/// Processes every image and document under a folder with a pipeline: concurrently, with
/// bounded memory, writing each result atomically, skipping what a previous run already
/// finished. A document's pages are spread over the workers; each finished page is kept, so a
/// run stopped midway redoes only the pages not finished.
///
/// ```swift
/// let runner = BatchRunner(pipeline: pipeline, input: "img", output: "out")
/// let summary = try await runner.run { event in print(event.json.serialized()) }
/// print(summary.outcome)   // succeeded, someFailed, stopped (quota, arrears), interrupted
/// ```
public struct BatchRunner: Sendable {
    public struct Options: Sendable {
        /// Images (or pages) processed at once (one engine per worker).
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
        // The first worker starts (a worker process: 50–140 ms) while earlier results are read;
        // it is used if as many workers run as all the inputs would need.
        let gate = MemoryGate(capacity: options.memoryCapacityPixels)
        let likelyWorkers = workerCount(for: inputs)
        let first = options.isolation.makeProcessor(pipeline: pipeline, index: 0, count: likelyWorkers, gate: gate)
        if !inputs.isEmpty { Task { await first.prepare() } }
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
        let workers = workerCount(for: pending)
        events(
            .started(
                total: inputs.count, pending: pending.count, skipped: summary.skipped, workers: workers,
                shard: options.shard.count > 1 ? options.shard.description : nil))

        let queue = WorkQueue(pending.map { .input($0) })
        let context = Context(
            assembler: DocumentAssembler(pipeline: pipeline), pages: PageStore(output: output), queue: queue, events: events)
        let outcomes = await withTaskGroup(of: [Outcome].self) { group in
            for index in 0..<workers {
                let processor =
                    index == 0 && workers == likelyWorkers
                    ? first : options.isolation.makeProcessor(pipeline: pipeline, index: index, count: workers, gate: gate)
                group.addTask {
                    var done: [Outcome] = []
                    while let item = await queue.next() {
                        if !Task.isCancelled, let outcome = await handle(item, processor: processor, context: context) { done.append(outcome) }
                        await queue.finished()
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
            summary.pages += outcome.result.pages.count
            summary.pagesFailed += outcome.result.pages.filter { $0.failure != nil }.count
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

    /// What every worker shares.
    private struct Context: Sendable {
        let assembler: DocumentAssembler
        let pages: PageStore
        let queue: WorkQueue
        let events: @Sendable (RunEvent) -> Void
    }

    /// Works on one item; returns the input's outcome once it is finished (an image, or the
    /// last page of a document).
    private func handle(_ item: WorkQueue.Item, processor: any ImageProcessor, context: Context) async -> Outcome? {
        switch item {
        case .input(let input):
            let rel = input.relativePath
            let clock = Date()
            context.events(.imageStarted(relativePath: rel))
            if Self.mayHoldPages(input.path) {
                switch await processor.plan(.file(path: input.path), name: rel) {
                case .failure(let failure):
                    let result = JobResult(
                        source: JobInput.file(path: input.path).sourceInfo(name: rel), outcome: .failed(failure), pipelineFingerprint: pipeline.fingerprint)
                    return await finish(input, result, started: clock, processor: processor, context: context)
                case .success(let plan?):
                    return await start(input, plan: plan, started: clock, processor: processor, context: context)
                case .success(nil):
                    break
                }
            }
            let result = await processor.process(.file(path: input.path), name: rel, page: nil) { message in
                context.events(.log(relativePath: rel, message: message))
            }
            return await finish(input, context.assembler.image(result), started: clock, processor: processor, context: context)

        case .page(let document, let number):
            let input = document.input
            let rel = input.relativePath
            let clock = Date()
            var result = await processor.process(.file(path: input.path), name: rel, page: number) { message in
                context.events(.log(relativePath: rel, message: message))
            }
            if let failure = result.failure, failure.stopsRun { await context.queue.stop(reason: failure.message) }
            do {
                // A page's own files are written as it finishes; its result waits for the others.
                for artifact in result.artifacts { try output.write(artifact.bytes, to: output.url(for: rel, suffix: artifact.suffix)) }
                result.artifacts = result.artifacts.map { Artifact.written(suffix: $0.suffix) }
                try context.pages.save(result, relativePath: rel, number: number)
                result.picture?.bytes = Data()
            } catch {
                result.outcome = .failed(JobResult.Failure(OutputError.unwritable(reason: error.localizedDescription), file: rel, stage: "write"))
            }
            context.events(
                .pageFinished(
                    relativePath: rel, page: number, status: result.status, code: result.failure?.code, message: result.failure?.message,
                    seconds: Date().timeIntervalSince(clock)))
            guard await document.record(number, result) else { return nil }
            let pages = await document.pages
            let assembled = context.assembler.document(
                JobInput.file(path: input.path).sourceInfo(name: rel), plan: document.plan, pages: pages)
            return await finish(input, assembled, started: clock, processor: processor, context: context)
        }
    }

    /// Opens a document: its pages an earlier run finished are kept, the others queued first,
    /// so that a document is done before the next input starts.
    private func start(
        _ input: InputScanner.Input, plan: DocumentPlan, started: Date, processor: any ImageProcessor, context: Context
    ) async -> Outcome? {
        let rel = input.relativePath
        var finished: [Int: JobResult] = [:]
        if !options.force, let sha256 = try? ImageSource(file: input.path).sha256() {
            for number in plan.pages {
                finished[number] = context.pages.finished(relativePath: rel, number: number, sha256: sha256, fingerprint: pipeline.fingerprint)
            }
        }
        let document = DocumentProgress(input: input, plan: plan, finished: finished)
        context.events(.documentStarted(relativePath: rel, pages: plan.pages.count, alreadyDone: finished.count))
        let remaining = await document.remaining
        guard remaining.isEmpty else {
            await context.queue.pushFront(remaining.map { .page(document, $0) })
            return nil
        }
        let assembled = context.assembler.document(JobInput.file(path: input.path).sourceInfo(name: rel), plan: plan, pages: await document.pages)
        return await finish(input, assembled, started: started, processor: processor, context: context)
    }

    /// Writes an input's result with its files (the searchable PDF among them), last.
    private func finish(_ input: InputScanner.Input, _ result: JobResult, started: Date, processor: any ImageProcessor, context: Context) async -> Outcome {
        let rel = input.relativePath
        var result = result
        if let failure = result.failure, failure.stopsRun { await context.queue.stop(reason: failure.message) }
        do {
            if context.assembler.makesPDF(for: result) {
                let destination = output.url(for: rel, suffix: ".pdf")
                let temporary = try output.temporaryURL(near: destination)
                defer { try? FileManager.default.removeItem(at: temporary) }
                let pages = result.isDocument ? result.pages : [result]
                let failure = await context.assembler.writePDF(
                    result, to: temporary.path,
                    picture: { index in
                        let page = pages[index]
                        return result.isDocument ? try context.pages.picture(of: page, relativePath: rel) : page.picture
                    },
                    graft: { layers in await processor.writeSearchablePDF(of: .file(path: input.path), name: rel, layers: layers, to: temporary.path) })
                if let failure {
                    result.outcome = .failed(failure)
                } else {
                    try output.move(temporary, to: destination)
                    result.artifacts.append(Artifact.written(suffix: ".pdf"))
                }
            }
            try output.save(result, relativePath: rel, redactor: pipeline.redactor)
            if result.isDocument { context.pages.remove(relativePath: rel) }
        } catch {
            let unwritten = OutputError.unwritable(reason: error.localizedDescription)
            result.outcome = .failed(JobResult.Failure(unwritten, file: rel, stage: "write", redactor: pipeline.redactor))
        }
        context.events(
            .imageFinished(
                relativePath: rel, status: result.status, code: result.failure?.code, message: result.failure?.message,
                seconds: Date().timeIntervalSince(started)))
        return Outcome(input: input, result: result)
    }

    /// Workers for these inputs: no more than there are inputs, unless a document among them
    /// brings pages to spread.
    private func workerCount(for inputs: [InputScanner.Input]) -> Int {
        let documents = inputs.count < options.workers && inputs.contains { Self.mayHoldPages($0.path) }
        return max(1, documents ? options.workers : min(options.workers, inputs.count))
    }

    /// Whether the file's bytes name a format that holds pages (PDF, TIFF): only those are
    /// planned, in a worker, before they are read.
    private static func mayHoldPages(_ path: String) -> Bool {
        guard let head = try? ImageSource(file: path).prefix(1024), case .supported(let format) = ImageFormat.sniff(head) else { return false }
        return format.holdsPages
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
        if result.isDocument {
            line["pages"] = .int(result.pages.count)
            line["pages_failed"] = .int(result.pages.filter { $0.failure != nil }.count)
            line["items"] = .int(result.pages.reduce(0) { $0 + $1.items.count })
        } else if result.service != nil {
            line["items"] = .int(result.items.count)
        }
        return .object(line)
    }

    /// `manifest.jsonl` (or `manifest-K-of-N.jsonl` for a shard): one line per input, sorted.
    private func writeManifest(_ lines: [String: JSONValue]) throws {
        let name = options.shard.count > 1 ? "manifest-\(options.shard.index)-of-\(options.shard.count).jsonl" : "manifest.jsonl"
        let text = lines.sorted { $0.key < $1.key }.map { $0.value.serialized() + "\n" }.joined()
        try output.write(Data(text.utf8), to: output.root.appendingPathComponent(name))
    }
}

/// Hands out work to workers — inputs, and the pages of the documents they open, first — and
/// stops handing out when the run must stop. A worker that finds nothing waits while others
/// hold items that may bring more (a document's pages); once none does, every worker is told
/// the work is over.
actor WorkQueue {
    enum Item: Sendable {
        case input(InputScanner.Input)
        case page(DocumentProgress, Int)
    }

    private var items: [Item]
    private var position = 0
    /// Items handed out and not yet finished.
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Item?, Never>] = []
    private(set) var stopReason: String?

    init(_ items: [Item]) { self.items = items }

    /// The next item, `nil` once there is no more work. Call ``finished()`` when done with it.
    func next() async -> Item? {
        if let item = take() { return item }
        if inFlight == 0 || stopReason != nil { return nil }
        return await withCheckedContinuation { waiting.append($0) }
    }

    /// The worker is done with the item it was given.
    func finished() {
        inFlight -= 1
        wake()
    }

    /// Puts `more` before everything not handed out yet.
    func pushFront(_ more: [Item]) {
        items.insert(contentsOf: more, at: position)
        wake()
    }

    func stop(reason: String) {
        if stopReason == nil { stopReason = reason }
        wake()
    }

    private func take() -> Item? {
        guard stopReason == nil, position < items.count else { return nil }
        defer { position += 1 }
        inFlight += 1
        return items[position]
    }

    private func wake() {
        while !waiting.isEmpty {
            if let item = take() {
                waiting.removeFirst().resume(returning: item)
            } else if inFlight == 0 || stopReason != nil {
                for waiter in waiting { waiter.resume(returning: nil) }
                waiting = []
            } else {
                return
            }
        }
    }
}
