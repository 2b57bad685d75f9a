import Foundation

/// What the runner hands a stage besides the job.
public struct StageContext: Sendable {
    /// Resources private to the worker running this job (reused across its jobs).
    public let worker: WorkerResources
    /// Where the stage can report progress lines (as `log` events, which `run --events` prints).
    public let log: @Sendable (String) -> Void
    /// This job's share of the batch's decoded-pixel budget: reserve before decoding a lot.
    public let memory: MemoryReservation

    public init(worker: WorkerResources, memory: MemoryReservation = MemoryReservation(gate: nil), log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.worker = worker
        self.memory = memory
        self.log = log
    }
}
