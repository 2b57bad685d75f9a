import Foundation

/// How worker processes are started and bounded.
public struct WorkerProcessOptions: Sendable {
    /// The executable to start; it must run ``WorkerProcessMain`` when given ``arguments``.
    public var executable: String
    /// What makes ``executable`` a worker (every runner built on `OCRPipelineCLI` takes its
    /// hidden `worker` verb).
    public var arguments: [String]
    /// Resident memory a worker may reach; past it the worker is stopped and its image fails
    /// with `memory_limit`. Decode's own bound is sized from it.
    public var memoryLimit: Int
    /// Longest time one image may take.
    public var imageTimeout: Duration
    /// A worker whose resident memory after an image exceeds this share of ``memoryLimit`` is
    /// replaced before the next image (what a long run's fragmentation costs, given back).
    public var recycleFraction: Double = 0.5
    /// Told why each worker process is replaced: `crashed`, `memory_limit`, `timed_out` (its
    /// image failed with that code) or `recycled` (it grew past ``recycleFraction``).
    public var onReplaced: (@Sendable (String) -> Void)?

    public init(
        executable: String = WorkerProcessOptions.currentExecutable, arguments: [String],
        memoryLimit: Int = WorkerProcessOptions.defaultMemoryLimit(workers: ProcessInfo.processInfo.activeProcessorCount),
        imageTimeout: Duration = .seconds(300)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.memoryLimit = memoryLimit
        self.imageTimeout = imageTimeout
    }

    /// The running program: a custom runner starts copies of itself, so its own stages exist in its workers.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Half the machine's memory shared by the workers, each between 1 and 4 GiB.
    public static func defaultMemoryLimit(workers: Int) -> Int {
        let share = Int(ProcessInfo.processInfo.physicalMemory / 2) / max(1, workers)
        return min(max(share, 1 << 30), 4 << 30)
    }
}
