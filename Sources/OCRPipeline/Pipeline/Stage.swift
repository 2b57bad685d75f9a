/// A step of the pipeline: takes one ``Job`` and changes it, or throws to fail that job alone.
///
/// This protocol and ``StageDescriptor`` are the whole contract for custom stages; every
/// built-in stage (`decode`, `fit`, `recognize`, ...) is written against exactly these.
///
/// ## What a stage may read and change
/// - ``Job/source``: the file's identity and header facts (read; `decode` fills them).
/// - ``Job/upright``: the decoded, upright, 8-bit image (read; replace it to transform the
///   image, e.g. crop, keeping the coordinates meaningful, see below).
/// - ``Job/views``: the parts recognised separately, each with its ``View/image``, its
///   ``View/transform`` to upright original pixels, its ``View/payload`` and its items in view
///   pixels. Engines fill `views[i].items`; `merge` maps them into ``Job/items``.
/// - ``Job/items``: the final lines in upright original pixels, in reading order. A stage
///   after `merge` may filter, edit or add items (redaction, spell fixes, ...).
/// - ``Job/artifacts``: extra files to write next to the result (`<rel><suffix>`).
/// - ``Job/subscript(record:)``: the stage's decisions, shown by `explain` and saved in the
///   result file. Record what you decided and why, with numbers.
///
/// Throw an error conforming to ``DescribedError`` to fail the job with a stable code, a
/// message and a fix; the runner names the file and carries on with the rest of the batch.
///
/// A stage value is shared by all workers, so it must be `Sendable`: keep shared mutable state
/// in an actor, and per-worker state (an engine that is not thread-safe) in
/// ``StageContext/worker``.
///
/// ## Example: drop low-confidence lines
/// ```swift
/// struct MinimumConfidenceStage: Stage {
///     static let threshold = Parameter.number("threshold", default: 60, range: 0...100,
///                                             help: "lines with a lower mean confidence are dropped")
///     static let descriptor = StageDescriptor(
///         type: "min-confidence",
///         summary: "Drops recognised lines whose mean confidence is below a threshold.",
///         parameters: [threshold.spec],
///         needs: [.items]
///     ) { parameters, _ in MinimumConfidenceStage(threshold: parameters[threshold]) }
///
///     let threshold: Double
///
///     func process(_ job: inout Job, context: StageContext) async throws {
///         let before = job.items.count
///         job.items.removeAll { $0.meanConfidence < threshold }
///         job[record: "dropped"] = .int(before - job.items.count)
///     }
/// }
///
/// var registry = StageRegistry.builtIn
/// registry.register(MinimumConfidenceStage.descriptor)
/// ```
/// The stage is then usable in a pipeline file as `{"type": "min-confidence", "params":
/// {"threshold": 70}}`, validated like a built-in, and listed by `ocr-pipeline stages`.
public protocol Stage: Sendable {
    /// Transforms one job. Called once per job, possibly on many jobs at once.
    func process(_ job: inout Job, context: StageContext) async throws
}

/// What the runner hands a stage besides the job.
public struct StageContext: Sendable {
    /// Resources private to the worker running this job (reused across its jobs).
    public let worker: WorkerResources
    /// Where the stage can report progress lines (shown with `--verbose`, and as events).
    public let log: @Sendable (String) -> Void
    /// This job's share of the batch's decoded-pixel budget: reserve before decoding a lot.
    public let memory: MemoryReservation

    public init(worker: WorkerResources, memory: MemoryReservation = MemoryReservation(gate: nil), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.worker = worker
        self.memory = memory
        self.log = log
    }
}

/// Objects a worker keeps between jobs, such as a recognition engine that is expensive to
/// start and not thread-safe. Each worker has its own; a worker runs one job at a time.
public final class WorkerResources: @unchecked Sendable {
    private var resources: [String: AnyObject] = [:]
    private let name: String
    /// The thread this worker's stages run on (see ``WorkerThread``), started on first use.
    public private(set) lazy var thread = WorkerThread(name: name)

    public init(name: String = "ocr-worker") {
        self.name = name
    }

    /// The resource stored under `key`, created by `make` on first use by this worker.
    public func resource<T: AnyObject>(_ key: String, make: () throws -> T) rethrows -> T {
        if let existing = resources[key] as? T { return existing }
        let created = try make()
        resources[key] = created
        return created
    }
}
