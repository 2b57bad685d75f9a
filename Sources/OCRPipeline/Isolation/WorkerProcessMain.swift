import Foundation
import Synchronization

/// The worker process's side (`<program> worker`): loads the pipeline it is sent, then
/// processes one image per `job` frame until its standard input ends. Frames go out on the
/// original standard output; whatever a library prints there goes to standard error instead.
public enum WorkerProcessMain {
    /// Serves jobs with `registry`'s stages; returns the exit status.
    public static func run(registry: StageRegistry) async -> Int32 {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        let output = FrameWriter(fd: dup(STDOUT_FILENO))
        dup2(STDERR_FILENO, STDOUT_FILENO)
        exitWhenOrphaned()
        // Ctrl-C reaches the whole process group: the runner decides (it cancels the job), so a
        // worker must not die of it and have its image recorded as crashed.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        Vips.mapBlocks(from: HeapTrim.blockMappedAlone)

        let (frames, continuation) = AsyncStream.makeStream(of: WireFrame.self)
        let running = RunningJob()
        let reader = Thread {
            var decoder = WireFrameDecoder()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0, let decoded = try? decoder.append(buffer[0..<count]) else { break }
                for frame in decoded {
                    if case .cancel = try? frame.message(as: WorkerRequest.self) { running.cancel() } else { continuation.yield(frame) }
                }
            }
            continuation.finish()
        }
        reader.name = "ocr-worker-input"
        reader.start()

        var pipeline: Pipeline?
        // Pipelines sent with a job instead of the configured one, kept for the next job.
        var variants: [WorkerConfiguration: Pipeline] = [:]
        let worker = WorkerResources(name: "ocr-worker")
        for await frame in frames {
            guard let request = try? frame.message(as: WorkerRequest.self) else { continue }
            switch request {
            case .configure(let configuration):
                do {
                    let loaded = try load(configuration, registry: registry)
                    pipeline = loaded
                    output.send(WireFrame(WorkerReply.ready(fingerprint: loaded.fingerprint)))
                } catch {
                    output.send(WireFrame(WorkerReply.refused(message: error.description)))
                    return 2
                }
            case .process(let job), .plan(let job), .writeSearchablePDF(let job, _, _):
                guard var pipeline else { return 2 }
                if let variant = job.pipeline {
                    do {
                        if variants[variant] == nil { variants[variant] = try load(variant, registry: registry) }
                        pipeline = variants[variant] ?? pipeline
                    } catch {
                        let refused = JobResult(
                            source: SourceInfo(path: job.name, bytes: 0, sha256: ""),
                            outcome: .failed(JobResult.Failure(error, file: job.name, stage: nil)), pipelineFingerprint: "")
                        output.send(WireFrame(WorkerReply.finished(job: job.id, result: WireResult(refused), residentBytes: nil)))
                        continue
                    }
                }
                let task = Task { await answer(request, job: job, attachments: frame.attachments, pipeline: pipeline, worker: worker, output: output) }
                running.set(task)
                let reply = await task.value
                running.set(nil)
                output.send(reply)
            case .cancel:
                continue
            }
        }
        return 0
    }

    private static func load(_ configuration: WorkerConfiguration, registry: StageRegistry) throws(PipelineFileError) -> Pipeline {
        try Pipeline.load(
            data: Data(configuration.document.utf8), name: configuration.name, baseDirectory: configuration.baseDirectory,
            registry: registry, environment: configuration.environment,
            host: PipelineHost(workerMemoryLimit: configuration.memoryLimit, processShare: configuration.processShare))
    }

    private static func answer(
        _ request: WorkerRequest, job: JobRequest, attachments: [Data], pipeline: Pipeline, worker: WorkerResources, output: FrameWriter
    ) async -> WireFrame {
        var runner = PipelineRunner(pipeline: pipeline)
        runner.heapTrimThreshold = 0
        let input: JobInput = job.path.map { .file(path: $0) } ?? .data(attachments.first ?? Data())
        switch request {
        case .plan:
            switch await runner.plan(input, name: job.name, worker: worker) {
            case .success(let plan): return WireFrame(WorkerReply.planned(job: job.id, plan: plan, failure: nil))
            case .failure(let failure): return WireFrame(WorkerReply.planned(job: job.id, plan: nil, failure: WireResult.Failure(failure)))
            }
        case .writeSearchablePDF(_, let layers, let path):
            let failure = await runner.writeSearchablePDF(of: input, name: job.name, layers: layers, to: path, worker: worker)
            return WireFrame(WorkerReply.wrote(job: job.id, failure: failure.map(WireResult.Failure.init)))
        default:
            let stageStarted: @Sendable (String) -> Void = { output.send(WireFrame(WorkerReply.stageStarted(job: job.id, stage: $0))) }
            let log: @Sendable (String) -> Void = { output.send(WireFrame(WorkerReply.log(job: job.id, message: $0))) }
            let result = await runner.processPage(input, name: job.name, page: job.page, worker: worker, stageStarted: stageStarted, log: log)
            return WireFrame(
                WorkerReply.finished(job: job.id, result: WireResult(result), residentBytes: ResidentMemory.bytes()),
                attachments: WireResult.attachments(of: result))
        }
    }

    /// Ends the process once the runner is gone (its parent changes), even mid-image.
    private static func exitWhenOrphaned() {
        let parent = getppid()
        let watcher = Thread {
            while getppid() == parent { sleep(1) }
            _exit(0)
        }
        watcher.name = "ocr-worker-orphan-watch"
        watcher.start()
    }
}

/// The job being processed, so that the runner's `cancel` can reach it from the reading thread.
private final class RunningJob: Sendable {
    private let task = Mutex<Task<WireFrame, Never>?>(nil)

    func set(_ job: Task<WireFrame, Never>?) { task.withLock { $0 = job } }
    func cancel() { task.withLock { $0?.cancel() } }
}

/// Writes frames to a descriptor, one whole frame at a time.
final class FrameWriter: Sendable {
    private let fd: Int32
    private let lock = NSLock()

    init(fd: Int32) { self.fd = fd }

    func send(_ frame: WireFrame) {
        let bytes = frame.encoded()
        lock.withLock {
            if !writeAll(bytes, to: fd) { _exit(0) }  // the runner is gone
        }
    }
}
