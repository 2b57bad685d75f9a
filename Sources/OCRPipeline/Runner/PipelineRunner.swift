import Foundation
import VipsKit

/// Runs a pipeline on single images: the library's entry point for one image at a time.
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
/// once, use one worker each (as ``BatchRunner`` does).
public struct PipelineRunner: Sendable {
    public let pipeline: Pipeline
    /// Resident memory past which the heap is trimmed after an image (see ``HeapTrim``).
    var heapTrimThreshold = HeapTrim.inProcessThreshold

    public init(pipeline: Pipeline) { self.pipeline = pipeline }

    /// Reads and processes the file at `path`; `name` is how messages and results call it.
    /// `stageStarted` hears each stage's type as it begins.
    public func process(
        file path: String, name: String? = nil, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        stageStarted: @escaping @Sendable (String) -> Void = { _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await process(file: path, name: name, worker: worker, memory: memory, explainOnly: false, stageStarted: stageStarted, log: log)
    }

    /// What each stage would do to the image at `path`: stages that only compute (decode,
    /// tile, fit, ...) run; those that would recognise, call a service or write describe their
    /// plan instead. Nothing is sent and nothing is written.
    public func explain(file path: String, name: String? = nil) async -> JobResult {
        await process(file: path, name: name, worker: WorkerResources(), memory: MemoryReservation(gate: nil), explainOnly: true, stageStarted: { _ in }) { _ in
        }
    }

    private func process(
        file path: String, name: String?, worker: WorkerResources, memory: MemoryReservation, explainOnly: Bool,
        stageStarted: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
    ) async -> JobResult {
        let shown = name ?? path
        let job: Job
        do {
            job = try Job(file: path, name: shown)
        } catch {
            let described = error as? any DescribedError ?? ImageError.unreadable(reason: (error as NSError).localizedDescription)
            return JobResult(
                source: SourceInfo(path: shown, file: path),
                outcome: .failed(JobResult.Failure(described, file: shown, stage: nil, redactor: pipeline.redactor)),
                pipelineFingerprint: pipeline.fingerprint)
        }
        return await run(job, worker: worker, memory: memory, explainOnly: explainOnly, stageStarted: stageStarted, log: log)
    }

    /// Processes an image held in memory.
    public func process(
        data: Data, name: String, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        stageStarted: @escaping @Sendable (String) -> Void = { _ in },
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await run(Job(path: name, data: data), worker: worker, memory: memory, explainOnly: false, stageStarted: stageStarted, log: log)
    }

    /// Runs every stage on a job, turning the first error into a failure that names the file.
    public func process(
        _ job: Job, worker: WorkerResources = WorkerResources(), memory: MemoryReservation = MemoryReservation(gate: nil),
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async -> JobResult {
        await run(job, worker: worker, memory: memory, explainOnly: false, stageStarted: { _ in }, log: log)
    }

    /// Runs the stages on the worker's own thread (long C calls stay off Swift's shared pool).
    private func run(
        _ job: Job, worker: WorkerResources, memory: MemoryReservation, explainOnly: Bool,
        stageStarted: @escaping @Sendable (String) -> Void, log: @escaping @Sendable (String) -> Void
    ) async -> JobResult {
        let result = await withTaskExecutorPreference(worker.thread) {
            await runStages(job, worker: worker, memory: memory, explainOnly: explainOnly, stageStarted: stageStarted, log: log)
        }
        HeapTrim.afterImage(threshold: heapTrimThreshold)
        return result
    }

    private func runStages(
        _ job: Job, worker: WorkerResources, memory: MemoryReservation, explainOnly: Bool,
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
            if explainOnly, case .describe(let describe) = step.explain {
                job[record: "not_run"] = true
                for (key, value) in describe(step.parameters, job) { job[record: key] = value }
                continue
            }
            do {
                try await step.stage.process(&job, context: context)
            } catch {
                failure = JobResult.Failure(describe(error, job: job), file: job.source.path, stage: step.type, redactor: pipeline.redactor)
                break
            }
        }
        return JobResult(
            source: job.source, outcome: failure.map { .failed($0) } ?? .done,
            service: job.status, items: job.items,
            records: job.records.map { StageRecord(stage: $0.stage, decisions: pipeline.redactor.scrub(.object($0.decisions)).objectValue ?? [:]) },
            artifacts: failure == nil ? job.artifacts : [], pipelineFingerprint: pipeline.fingerprint)
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
