import Foundation

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
