import Foundation
import Synchronization

/// Processes images in a supervised worker process (`ocr-pipeline worker`): a worker that dies
/// by a signal, passes its memory cap or its time bound fails the image it held with
/// ``WorkerFailure`` and is replaced on the next image.
public actor IsolatedProcessor: ImageProcessor {
    private let pipeline: Pipeline
    private let options: WorkerProcessOptions
    private let processShare: Int
    private var child: WorkerChild?
    private var nextJob = 0

    /// `processShare` is how many such workers run at once (they share a service's rate limits).
    public init(pipeline: Pipeline, options: WorkerProcessOptions, processShare: Int = 1) {
        self.pipeline = pipeline
        self.options = options
        self.processShare = max(1, processShare)
    }

    public func process(_ input: JobInput, name: String, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        let child: WorkerChild
        do {
            child = try await runningChild()
        } catch {
            return failed(input, name: name, error)
        }
        nextJob += 1
        let jobID = nextJob
        let request: WireFrame
        switch input {
        case .file(let path): request = WireFrame(WorkerRequest.process(JobRequest(id: jobID, name: name, path: path)))
        case .data(let data): request = WireFrame(WorkerRequest.process(JobRequest(id: jobID, name: name, path: nil)), attachments: [data])
        }

        let watch = WorkerWatchdog(child: child, memoryLimit: options.memoryLimit, timeout: options.imageTimeout)
        defer { watch.cancel() }

        var finished: (result: WireResult, residentBytes: Int?, attachments: [Data])?
        if child.send(request) {
            // Cancelling (Ctrl-C) asks the worker to stop after its current stage, as in process.
            await withTaskCancellationHandler {
                while finished == nil, let frame = await child.frames.next() {
                    switch try? frame.message(as: WorkerReply.self) {
                    case .stageStarted(_, let stage): watch.currentStage = stage
                    case .log(_, let message): log(message)
                    case .finished(_, let result, let resident): finished = (result, resident, frame.attachments)
                    default: break
                    }
                }
            } onCancel: {
                _ = child.send(WireFrame(WorkerRequest.cancel(job: jobID)))
            }
        }
        watch.cancel()

        guard let finished, let result = finished.result.result(artifacts: finished.attachments) else {
            let failure = await failure(of: child, watch: watch)
            retire()
            return failed(input, name: name, failure)
        }
        if let resident = finished.residentBytes, Double(resident) > Double(options.memoryLimit) * options.recycleFraction {
            child.closeInput()
            self.child = nil
        }
        return result
    }

    public func shutDown() async {
        guard let child else { return }
        child.closeInput()
        retire()
        _ = await child.waitForTermination()
    }

    /// The worker, started and configured if there is none.
    private func runningChild() async throws -> WorkerChild {
        if let child { return child }
        guard let source = pipeline.source else {
            throw WorkerUnavailable(reason: "the pipeline was built in code, so a worker process cannot load it; use in-process isolation")
        }
        let started: WorkerChild
        do {
            started = try WorkerChild(executable: options.executable, arguments: options.arguments)
        } catch {
            throw WorkerUnavailable(reason: "\(options.executable) could not be started (\(error.localizedDescription))")
        }
        let configure = WireFrame(
            WorkerRequest.configure(
                WorkerConfiguration(
                    document: source.document.serialized(), name: source.name, baseDirectory: source.baseDirectory,
                    environment: source.environment, memoryLimit: options.memoryLimit, processShare: processShare)))
        guard started.send(configure), let answer = await started.frames.next() else {
            started.kill()
            let said = started.lastErrorLine.map { ": \(pipeline.redactor.scrub($0))" } ?? ""
            throw WorkerUnavailable(reason: "\(options.executable) \(options.arguments.joined(separator: " ")) ended before it was ready\(said)")
        }
        switch try? answer.message(as: WorkerReply.self) {
        case .ready(let fingerprint) where fingerprint == pipeline.fingerprint:
            break
        case .ready(let fingerprint):
            started.kill()
            throw WorkerUnavailable(
                reason:
                    "the worker built the pipeline differently (fingerprint \(fingerprint), expected \(pipeline.fingerprint)): it must be the same program, with the same stages, as the runner"
            )
        case .refused(let message):
            started.kill()
            throw WorkerUnavailable(reason: pipeline.redactor.scrub(message))
        default:
            started.kill()
            throw WorkerUnavailable(reason: "the worker answered its configuration with something else than ready")
        }
        child = started
        return started
    }

    private func retire() {
        child?.kill()
        child = nil
    }

    /// Why the worker ended without a result.
    private func failure(of child: WorkerChild, watch: WorkerWatchdog) async -> any DescribedError {
        child.kill()
        let termination = await child.waitForTermination()
        let stage = watch.currentStage
        switch watch.reason {
        case .memory: return WorkerFailure.memoryLimit(bytes: options.memoryLimit, stage: stage)
        case .timeout: return WorkerFailure.timedOut(seconds: options.imageTimeout / .seconds(1), stage: stage)
        case nil:
            let how =
                switch termination {
                case .signaled(let number): "died by \(WorkerFailure.signalName(number))"
                case .exited(let status): "exited with status \(status) in the middle of the image"
                }
            return WorkerFailure.crashed(how: how, stage: stage, lastOutput: child.lastErrorLine.map { pipeline.redactor.scrub($0) })
        }
    }

    /// A failed result for an image the worker could not finish.
    private func failed(_ input: JobInput, name: String, _ error: any Error) -> JobResult {
        let described = error as? any DescribedError ?? UnexpectedError(detail: "\(error)")
        let source: SourceInfo
        switch input {
        case .file(let path): source = SourceInfo(path: name, file: path)
        case .data(let data): source = Job(path: name, data: data).source
        }
        return JobResult(
            source: source,
            outcome: .failed(JobResult.Failure(described, file: name, stage: (described as? WorkerFailure)?.stage, redactor: pipeline.redactor)),
            pipelineFingerprint: pipeline.fingerprint)
    }
}

/// No worker process could be started or configured: every later image would fail the same way.
public struct WorkerUnavailable: RunStoppingError {
    public let reason: String
    public var code: String { "worker_unavailable" }
    public var summary: String { "no worker process could be started: \(reason)" }
    public var remedy: String {
        "check that the runner's executable still exists and runs (`run` and `serve` start it as `<program> worker`), or pass --in-process"
    }
}
