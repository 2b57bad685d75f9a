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
            var source = SourceInfo(path: shown, bytes: 0, sha256: "")
            source.bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let failure = error as? ImageError ?? ImageError.unreadable(reason: (error as NSError).localizedDescription)
            return JobResult(
                source: source, status: .failed,
                failure: .init(code: failure.code, message: pipeline.redactor.scrub(failure.message(for: shown)), stage: nil, underlying: failure),
                service: nil, items: [], records: [], artifacts: [], pipelineFingerprint: pipeline.fingerprint)
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
        let name = job.source.path
        let context = StageContext(worker: worker, memory: memory, log: log)
        var failure: JobResult.Failure?
        for step in pipeline.steps {
            if Task.isCancelled {
                failure = .init(code: "cancelled", message: "\(name): the run was interrupted before this image finished", stage: step.type)
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
                failure = describe(error, job: job, stage: step.type)
                break
            }
        }
        return JobResult(
            source: job.source, status: failure == nil ? .ok : .failed, failure: failure,
            service: job.status, items: job.items,
            records: job.records.map { StageRecord(stage: $0.stage, decisions: pipeline.redactor.scrub(.object($0.decisions)).objectValue ?? [:]) },
            artifacts: failure == nil ? job.artifacts : [], pipelineFingerprint: pipeline.fingerprint)
    }

    /// Turns any error out of a stage into a failure naming the file and the fix.
    private func describe(_ error: any Error, job: Job, stage: String) -> JobResult.Failure {
        let file = job.source.path
        let described: any DescribedError
        switch error {
        case let error as any DescribedError: described = error
        case let error as VipsError:
            let format = job.source.format ?? .jpeg
            described = ImageError.decoding(error, format: format, truncated: job.input.looksTruncated(format))
        default: described = UnexpectedError(detail: "\(error)")
        }
        return .init(code: described.code, message: pipeline.redactor.scrub(described.message(for: file)), stage: stage, underlying: described)
    }
}

/// An error with no typed description (a bug, or a library failing in a new way).
struct UnexpectedError: DescribedError {
    let detail: String
    var code: String { "internal_error" }
    var summary: String { "unexpected failure: \(detail)" }
    var remedy: String { "report this with the file and the pipeline; other images are not affected" }
}
