import Synchronization

/// How error remedies name the run options a user can change. The library names its own
/// properties; a front end installs the names its users type (the command line, its flags), so
/// that a remedy says what to change where the user is.
public struct OptionNames: Sendable {
    /// The resident memory a worker process may reach (``WorkerProcessOptions/memoryLimit``).
    public var workerMemoryLimit: String
    /// The time one image may take in a worker process (``WorkerProcessOptions/imageTimeout``).
    public var imageTimeout: String
    /// Running again the images a previous run finished or failed for good (``BatchRunner/Options/force``).
    public var rerunAll: String
    /// Processing images in this process instead of worker processes (``Isolation/inProcess``).
    public var inProcess: String

    public init(workerMemoryLimit: String, imageTimeout: String, rerunAll: String, inProcess: String) {
        self.workerMemoryLimit = workerMemoryLimit
        self.imageTimeout = imageTimeout
        self.rerunAll = rerunAll
        self.inProcess = inProcess
    }

    /// The library's own names.
    public static let library = OptionNames(
        workerMemoryLimit: "the worker processes' memory limit (WorkerProcessOptions.memoryLimit)",
        imageTimeout: "the image timeout (WorkerProcessOptions.imageTimeout)",
        rerunAll: "BatchRunner.Options.force set",
        inProcess: "Isolation.inProcess")

    private static let installed = Mutex(OptionNames.library)

    /// The names remedies use in this process: set once by the front end at start.
    public static var current: OptionNames {
        get { installed.withLock { $0 } }
        set { installed.withLock { $0 = newValue } }
    }
}
