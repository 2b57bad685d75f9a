import DocumentKit
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
    /// The worker being started, awaited by every caller that needs it meanwhile.
    private var starting: Task<WorkerChild, any Error>?
    private var nextJob = 0

    /// `processShare` is how many such workers run at once (they share a service's rate limits).
    public init(pipeline: Pipeline, options: WorkerProcessOptions, processShare: Int = 1) {
        self.pipeline = pipeline
        self.options = options
        self.processShare = max(1, processShare)
    }

    public func plan(_ input: JobInput, name: String) async -> Result<DocumentPlan?, JobResult.Failure> {
        switch await exchange(input, name: name, page: nil, log: { _ in }, { .plan($0) }) {
        case .failure(let failure): return .failure(failure)
        case .success((.planned(_, let plan, let failure), _, _)):
            return failure.map { .failure($0.failure(file: name)) } ?? .success(plan)
        case .success: return .failure(unexpectedAnswer(name))
        }
    }

    public func process(_ input: JobInput, name: String, page: Int?, using pipeline: Pipeline?, log: @escaping @Sendable (String) -> Void) async -> JobResult {
        let variant = pipeline.flatMap { $0.source.map { configuration(of: $0) } }
        if pipeline != nil && variant == nil {
            var source = input.sourceInfo(name: name)
            source.page = page
            let failure = JobResult.Failure(
                WorkerUnavailable(reason: "the pipeline was built in code, so a worker process cannot load it; use in-process isolation"), file: name,
                stage: nil, redactor: self.pipeline.redactor)
            return JobResult(source: source, outcome: .failed(failure), pipelineFingerprint: self.pipeline.fingerprint)
        }
        let pipeline = pipeline ?? self.pipeline
        switch await exchange(
            input, name: name, page: page, log: log,
            {
                var job = $0; job.pipeline = variant; return .process(job)
            })
        {
        case .failure(let failure):
            var source = input.sourceInfo(name: name)
            source.page = page
            return JobResult(source: source, outcome: .failed(failure), pipelineFingerprint: pipeline.fingerprint)
        case .success((.finished(_, let wire, let resident), let attachments, let child)):
            guard let result = wire.result(artifacts: attachments) else { break }
            if let resident, Double(resident) > Double(options.memoryLimit) * options.recycleFraction {
                child.closeInput()
                self.child = nil
                options.onReplaced?("recycled")
            }
            return result
        case .success: break
        }
        var source = input.sourceInfo(name: name)
        source.page = page
        return JobResult(source: source, outcome: .failed(unexpectedAnswer(name)), pipelineFingerprint: pipeline.fingerprint)
    }

    public func writeSearchablePDF(of input: JobInput, name: String, layers: [Int: [TextLayerLine]], to path: String) async -> JobResult.Failure? {
        switch await exchange(input, name: name, page: nil, log: { _ in }, { .writeSearchablePDF($0, layers: layers, output: path) }) {
        case .failure(let failure): return failure
        case .success((.wrote(_, let failure), _, _)): return failure?.failure(file: name)
        case .success: return unexpectedAnswer(name)
        }
    }

    /// Sends one request about `input` to the worker (started if needed) and waits for its
    /// answer, relaying stage and log lines, under the watchdog; a lost worker is the failure.
    private func exchange(
        _ input: JobInput, name: String, page: Int?, log: @escaping @Sendable (String) -> Void, _ request: (JobRequest) -> WorkerRequest
    ) async -> Result<(WorkerReply, [Data], WorkerChild), JobResult.Failure> {
        let child: WorkerChild
        do {
            child = try await runningChild()
        } catch {
            return .failure(failure(name: name, error))
        }
        nextJob += 1
        let jobID = nextJob
        let frame: WireFrame
        switch input {
        case .file(let path): frame = WireFrame(request(JobRequest(id: jobID, name: name, path: path, page: page)))
        case .data(let data): frame = WireFrame(request(JobRequest(id: jobID, name: name, path: nil, page: page)), attachments: [data])
        }

        let watch = WorkerWatchdog(child: child, memoryLimit: options.memoryLimit, timeout: options.imageTimeout)
        defer { watch.cancel() }

        var answer: (WorkerReply, [Data])?
        if child.send(frame) {
            // Cancelling (Ctrl-C) asks the worker to stop after its current stage, as in process.
            await withTaskCancellationHandler {
                while answer == nil, let received = await child.frames.next() {
                    guard let reply = try? received.message(as: WorkerReply.self), reply.job == jobID else { continue }
                    switch reply {
                    case .stageStarted(_, let stage): watch.currentStage = stage
                    case .log(_, let message): log(message)
                    default: answer = (reply, received.attachments)
                    }
                }
            } onCancel: {
                _ = child.send(WireFrame(WorkerRequest.cancel(job: jobID)))
            }
        }
        watch.cancel()
        guard let answer else {
            let lost = await failure(of: child, watch: watch)
            retire()
            options.onReplaced?((lost as? WorkerFailure)?.code ?? "lost")
            return .failure(failure(name: name, lost))
        }
        return .success((answer.0, answer.1, child))
    }

    public func shutDown() async {
        guard let child else { return }
        child.closeInput()
        retire()
        _ = await child.waitForTermination()
    }

    /// How a worker process loads the pipeline `source` describes.
    private func configuration(of source: Pipeline.Source) -> WorkerConfiguration {
        WorkerConfiguration(
            document: source.document.serialized(), name: source.name, baseDirectory: source.baseDirectory,
            environment: source.environment, memoryLimit: options.memoryLimit, processShare: processShare)
    }

    public func prepare() async {
        _ = try? await runningChild()
    }

    /// The worker, started and configured if there is none (once, however many wait for it).
    private func runningChild() async throws -> WorkerChild {
        if let child { return child }
        if let starting { return try await starting.value }
        let task = Task { try await startChild() }
        starting = task
        defer { starting = nil }
        let started = try await task.value
        child = started
        return started
    }

    /// Starts a worker and has it load the pipeline.
    private func startChild() async throws -> WorkerChild {
        guard let source = pipeline.source else {
            throw WorkerUnavailable(reason: "the pipeline was built in code, so a worker process cannot load it; use in-process isolation")
        }
        let started: WorkerChild
        do {
            started = try WorkerChild(executable: options.executable, arguments: options.arguments)
        } catch {
            throw WorkerUnavailable(reason: "\(options.executable) could not be started (\(error.localizedDescription))")
        }
        let configure = WireFrame(WorkerRequest.configure(configuration(of: source)))
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

    /// The failure of an image (or page) the worker could not finish.
    private func failure(name: String, _ error: any Error) -> JobResult.Failure {
        let described = error as? any DescribedError ?? UnexpectedError(detail: "\(error)")
        return JobResult.Failure(described, file: name, stage: (described as? WorkerFailure)?.stage, redactor: pipeline.redactor)
    }

    private func unexpectedAnswer(_ name: String) -> JobResult.Failure {
        failure(name: name, UnexpectedError(detail: "the worker process answered with something else than what was asked"))
    }
}

/// No worker process could be started or configured: every later image would fail the same way.
public struct WorkerUnavailable: RunStoppingError {
    public let reason: String
    public var code: String { "worker_unavailable" }
    public var summary: String { "no worker process could be started: \(reason)" }
    public var remedy: String {
        "check that the worker executable still exists and runs (WorkerProcessOptions' executable and arguments), or use \(OptionNames.current.inProcess)"
    }
}
