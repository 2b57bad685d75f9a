import Foundation

/// A file a stage produced for one job, written next to the job's result file as
/// `<rel><suffix>` (for example `.payload.jpg`, `.tile-3.jpg`, `.txt`, `.overlay.jpg`).
public struct Artifact: Sendable {
    public var suffix: String
    public var bytes: Data

    public init(suffix: String, bytes: Data) {
        self.suffix = suffix
        self.bytes = bytes
    }
}
