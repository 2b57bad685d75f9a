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
        var header: JSONObject = ["type": "job", "id": .int(nextJob), "name": .string(name)]
        var attachments: [Data] = []
        switch input {
        case .file(let path): header["path"] = .string(path)
        case .data(let data): attachments = [data]
        }

        let watch = WorkerWatchdog(child: child, memoryLimit: options.memoryLimit, timeout: options.imageTimeout)
        defer { watch.cancel() }

        var received: WireFrame?
        if child.send(WireFrame(header: header, attachments: attachments)) {
            // Cancelling (Ctrl-C) asks the worker to stop after its current stage, as in process.
            let jobID = nextJob
            await withTaskCancellationHandler {
                while let frame = await child.frames.next() {
                    switch frame.type {
                    case "stage": watch.currentStage = frame.header["stage"]?.stringValue
                    case "log": frame.header["message"]?.stringValue.map(log)
                    case "result": received = frame
                    default: break
                    }
                    if received != nil { break }
                }
            } onCancel: {
                _ = child.send(WireFrame(header: ["type": "cancel", "id": .int(jobID)]))
            }
        }
        watch.cancel()

        guard let received, let json = received.header["result"],
            var result = JobResult(json: json, artifactBytes: received.attachments)
        else {
            let failure = await failure(of: child, watch: watch)
            retire()
            return failed(input, name: name, failure)
        }
        if let boxes = received.header["word_boxes"]?.arrayValue, boxes.count == result.items.count {
            for (index, words) in boxes.enumerated() {
                guard let words = words.arrayValue, words.count == result.items[index].words.count else { continue }
                for (position, box) in words.enumerated() { result.items[index].words[position].box = Box(json: box) }
            }
        }
        if let failure = result.failure {
            let remote = RemoteFailure(code: failure.code, message: failure.message, kind: failure.kind)
            result.failure?.underlying = received.header["stops_run"]?.boolValue == true ? RemoteRunStop(remote) : remote
        }
        if let resident = received.header["resident_bytes"]?.intValue, Double(resident) > Double(options.memoryLimit) * options.recycleFraction {
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
        let configure = WireFrame(header: [
            "type": "configure", "document": source.document, "name": .string(source.name),
            "base_directory": .string(source.baseDirectory),
            "environment": .object(source.environment.reduce(into: JSONObject()) { $0[$1.key] = .string($1.value) }),
            "memory_limit": .int(options.memoryLimit), "process_share": .int(processShare),
        ])
        guard started.send(configure), let ready = await started.frames.next() else {
            started.kill()
            let said = started.lastErrorLine.map { ": \(pipeline.redactor.scrub($0))" } ?? ""
            throw WorkerUnavailable(reason: "\(options.executable) \(options.arguments.joined(separator: " ")) ended before it was ready\(said)")
        }
        guard ready.type == "ready" else {
            started.kill()
            throw WorkerUnavailable(reason: pipeline.redactor.scrub(ready.header["message"]?.stringValue ?? "the worker refused the pipeline"))
        }
        guard ready.header["fingerprint"]?.stringValue == pipeline.fingerprint else {
            started.kill()
            throw WorkerUnavailable(
                reason:
                    "the worker built the pipeline differently (fingerprint \(ready.header["fingerprint"]?.stringValue ?? "none"), expected \(pipeline.fingerprint)): it must be the same program, with the same stages, as the runner"
            )
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
        case .file(let path):
            let job = try? Job(file: path, name: name)
            source = job?.source ?? SourceInfo(path: name, bytes: 0, sha256: "")
        case .data(let data):
            source = Job(path: name, data: data).source
        }
        return JobResult(
            source: source, status: .failed,
            failure: .init(
                code: described.code, message: pipeline.redactor.scrub(described.message(for: name)),
                stage: (described as? WorkerFailure)?.stage, underlying: described),
            service: nil, items: [], records: [], artifacts: [], pipelineFingerprint: pipeline.fingerprint)
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

/// A failure reported by a worker process: its code and message, as the worker wrote them.
struct RemoteFailure: DescribedError {
    let code: String
    let message: String
    let kind: FailureKind
    var summary: String { message }
    var remedy: String { "" }
    var description: String { message }
}

/// A worker's failure after which the run must stop (the service's quota is used up).
struct RemoteRunStop: RunStoppingError {
    let failure: RemoteFailure
    init(_ failure: RemoteFailure) { self.failure = failure }
    var code: String { failure.code }
    var kind: FailureKind { failure.kind }
    var summary: String { failure.message }
    var remedy: String { "" }
    var description: String { failure.message }
}
