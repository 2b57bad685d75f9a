import DocumentKit
import Foundation
import VipsKit

/// Runs a pipeline on single inputs: the library's entry point for one image — or one
/// document, page after page — at a time.
///
/// ```swift
/// let pipeline = try Pipeline.load(contentsOf: "pipeline.json")
/// let runner = PipelineRunner(pipeline: pipeline)
/// let worker = WorkerResources()          // keeps its engines between images: reuse it
/// let result = await runner.process(file: "photo.jpg", worker: worker)
/// for item in result.items { print(item.itemstring, item.itemcoord) }
/// ```
///
/// Stages run on the worker's own thread. A worker handles one image at a time; for several at
/// once, use one worker each (as ``BatchRunner`` does, which also spreads a document's pages).
public struct PipelineRunner: Sendable {
    public let pipeline: Pipeline
    /// Resident memory past which the heap is trimmed after an image (see ``HeapTrim``).
    var heapTrimThreshold = HeapTrim.inProcessThreshold

    public init(pipeline: Pipeline) { self.pipeline = pipeline }

    /// Reads and processes the file at `path` — an image, or every page the pipeline selects of
    /// a document, in order, with the files made from all of them (text, hOCR, searchable PDF)
    /// among the artifacts; `name` is how messages and results call it. `stageStarted` hears
    /// each stage's type as it begins.
    public func process(
        file path: String, name: String? = nil, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        stageStarted: @escaping @Sendable (String) -> Void = { _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await processInput(.file(path: path), name: name ?? path, worker: worker, memory: memory, stageStarted: stageStarted, log: log)
    }

    /// Processes an image or a document held in memory, as ``process(file:name:worker:memory:stageStarted:log:)``.
    public func process(
        data: Data, name: String, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        stageStarted: @escaping @Sendable (String) -> Void = { _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await processInput(.data(data), name: name, worker: worker, memory: memory, stageStarted: stageStarted, log: log)
    }

    /// What each stage would do to the image at `path` (a document's first selected page):
    /// stages that only compute (decode, tile, fit, ...) run; those that would recognise, call a
    /// service or write describe their plan instead. Nothing is sent and nothing is written.
    /// `reading`, every stage but `write` runs (the engine reads the image), so that each
    /// record's `seconds` and the engines' per-model `inference` say where the time goes.
    public func explain(file path: String, name: String? = nil, reading: Bool = false) async -> JobResult {
        await processPage(.file(path: path), name: name ?? path, page: nil, worker: WorkerResources(), explaining: reading ? .allButWrite : .describe)
    }

    /// Which stages describe their plan instead of running.
    enum Explaining {
        /// None: a real run.
        case no
        /// Those with a description (recognise, call a service, write).
        case describe
        /// Only `write`.
        case allButWrite

        func describes(_ step: Pipeline.Step) -> Bool {
            switch self {
            case .no: false
            case .describe: true
            case .allButWrite: step.type == WriteStage.type
            }
        }
    }

    /// Runs every stage on a job, turning the first error into a failure that names the file.
    public func process(
        _ job: Job, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await run(job, worker: worker, memory: memory, explaining: .no, stageStarted: { _ in }, log: log)
    }

    // MARK: The parts a processor runs

    /// Which pages of a document input the pipeline reads (``DocumentReading``); `nil` for an
    /// image, or for a pipeline without a stage that opens inputs.
    func plan(_ input: JobInput, name: String, worker: WorkerResources) async -> Result<DocumentPlan?, JobResult.Failure> {
        guard let reader = pipeline.documentReader else { return .success(nil) }
        return await withTaskExecutorPreference(worker.thread) {
            do {
                return .success(try reader.plan(try input.source()))
            } catch {
                let described = error as? any DescribedError ?? ImageError.unreadable(reason: (error as NSError).localizedDescription)
                return .failure(JobResult.Failure(described, file: name, stage: "decode", redactor: pipeline.redactor))
            }
        }
    }

    /// Processes one image, or page `page` (from 1) of a document: every stage, nothing assembled.
    func processPage(
        _ input: JobInput, name: String, page: Int?, worker: WorkerResources, memory: MemoryReservation = MemoryReservation(gate: nil),
        explaining: Explaining = .no, stageStarted: @escaping @Sendable (String) -> Void = { _ in }, log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        var job: Job
        switch input {
        case .data(let data):
            job = Job(path: name, data: data)
        case .file(let path):
            do {
                job = try Job(file: path, name: name)
            } catch {
                let described = error as? any DescribedError ?? ImageError.unreadable(reason: (error as NSError).localizedDescription)
                var source = input.sourceInfo(name: name)
                source.page = page
                return JobResult(
                    source: source, outcome: .failed(JobResult.Failure(described, file: name, stage: nil, redactor: pipeline.redactor)),
                    pipelineFingerprint: pipeline.fingerprint)
            }
        }
        job.page = page
        return await run(job, worker: worker, memory: memory, explaining: explaining, stageStarted: stageStarted, log: log)
    }

    /// Writes a PDF input's searchable copy (``DocumentReading/writeSearchablePDF(of:layers:to:)``).
    func writeSearchablePDF(
        of input: JobInput, name: String, layers: [Int: [TextLayerLine]], to path: String, worker: WorkerResources
    ) async -> JobResult.Failure? {
        guard let reader = pipeline.documentReader else {
            return JobResult.Failure(ImageError.unsupportedFormat(name: "PDF (no decode stage)"), file: name, stage: "write", redactor: pipeline.redactor)
        }
        return await withTaskExecutorPreference(worker.thread) {
            do {
                try reader.writeSearchablePDF(of: try input.source(), layers: layers, to: path)
                return nil
            } catch {
                let described = error as? any DescribedError ?? UnexpectedError(detail: "\(error)")
                return JobResult.Failure(described, file: name, stage: "write", redactor: pipeline.redactor)
            }
        }
    }

    // MARK: Whole inputs, in process

    private func processInput(
        _ input: JobInput, name: String, worker: WorkerResources, memory: MemoryReservation,
        stageStarted: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
    ) async -> JobResult {
        let assembler = DocumentAssembler(pipeline: pipeline)
        switch await plan(input, name: name, worker: worker) {
        case .failure(let failure):
            return JobResult(source: input.sourceInfo(name: name), outcome: .failed(failure), pipelineFingerprint: pipeline.fingerprint)
        case .success(nil):
            let page = await processPage(input, name: name, page: nil, worker: worker, memory: memory, stageStarted: stageStarted, log: log)
            return await withPDF(assembler.image(page), input: input, name: name, assembler: assembler, worker: worker)
        case .success(let plan?):
            var pages: [JobResult] = []
            for number in plan.pages {
                if Task.isCancelled { break }
                pages.append(await processPage(input, name: name, page: number, worker: worker, memory: memory, stageStarted: stageStarted, log: log))
            }
            let document = assembler.document(input.sourceInfo(name: name), plan: plan, pages: pages)
            return await withPDF(document, input: input, name: name, assembler: assembler, worker: worker)
        }
    }

    /// The result with its searchable PDF among its artifacts, when the pipeline writes one.
    private func withPDF(_ result: JobResult, input: JobInput, name: String, assembler: DocumentAssembler, worker: WorkerResources) async -> JobResult {
        guard assembler.makesPDF(for: result) else { return result }
        var result = result
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ocr-pipeline-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let failure = await assembler.writePDF(
            result, to: path, picture: { result.isDocument ? result.pages[$0].picture : result.picture },
            graft: { layers in await writeSearchablePDF(of: input, name: name, layers: layers, to: path, worker: worker) })
        if let failure {
            result.outcome = .failed(failure)
        } else if let bytes = FileManager.default.contents(atPath: path) {
            result.artifacts.append(Artifact(suffix: ".pdf", bytes: bytes))
        }
        return result
    }

    // MARK: Running the stages

    /// Runs the stages on the worker's own thread (long C calls stay off Swift's shared pool).
    private func run(
        _ job: Job, worker: WorkerResources, memory: MemoryReservation, explaining: Explaining,
        stageStarted: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
    ) async -> JobResult {
        let result = await withTaskExecutorPreference(worker.thread) {
            await runStages(job, worker: worker, memory: memory, explaining: explaining, stageStarted: stageStarted, log: log)
        }
        HeapTrim.afterImage(threshold: heapTrimThreshold)
        return result
    }

    private func runStages(
        _ job: Job, worker: WorkerResources, memory: MemoryReservation, explaining: Explaining,
        stageStarted: @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
    ) async -> JobResult {
        var job = job
        let context = StageContext(worker: worker, memory: memory, log: log)
        var failure: JobResult.Failure?
        for step in pipeline.steps {
            if Task.isCancelled {
                failure = JobResult.Failure(Interrupted(), file: job.source.path, stage: step.type, redactor: pipeline.redactor)
                break
            }
            job.beginRecord(for: step.type)
            stageStarted(step.type)
            if explaining.describes(step), case .describe(let describe) = step.explain {
                job[record: "not_run"] = true
                for (key, value) in describe(step.parameters, job) { job[record: key] = value }
                continue
            }
            let started = ContinuousClock.now
            do {
                try await step.stage.process(&job, context: context)
                job[record: "seconds"] = .double(((ContinuousClock.now - started) / .milliseconds(1)).rounded() / 1000)
            } catch {
                failure = JobResult.Failure(describe(error, job: job), file: job.source.path, stage: step.type, redactor: pipeline.redactor)
                break
            }
        }
        if job.page != nil, job.source.page == nil { job.source.page = job.page }
        return JobResult(
            source: job.source, outcome: failure.map { .failed($0) } ?? .done,
            service: job.status, items: job.items,
            records: job.records.map { StageRecord(stage: $0.stage, decisions: pipeline.redactor.scrub(.object($0.decisions)).objectValue ?? [:]) },
            artifacts: failure == nil ? job.artifacts : [], pipelineFingerprint: pipeline.fingerprint,
            picture: failure == nil ? job.picture : nil)
    }

    /// Any error out of a stage as a described one (libvips' errors read as decoding errors).
    private func describe(_ error: any Error, job: Job) -> any DescribedError {
        switch error {
        case let error as any DescribedError: return error
        case let error as VipsError:
            let format = job.source.format ?? .jpeg
            return ImageError.decoding(error, format: format, truncated: job.input.looksTruncated(format))
        default: return UnexpectedError(detail: "\(error)")
        }
    }
}

/// An error with no typed description (a bug, or a library failing in a new way).
struct UnexpectedError: DescribedError {
    let detail: String
    var code: String { "internal_error" }
    var summary: String { "unexpected failure: \(detail)" }
    var remedy: String { "report this with the file and the pipeline; other images are not affected" }
}

/// The run was cancelled before the job finished.
struct Interrupted: DescribedError {
    var code: String { "cancelled" }
    var summary: String { "the run was interrupted before this image finished" }
    var remedy: String { "run again: what is missing is finished then" }
}
