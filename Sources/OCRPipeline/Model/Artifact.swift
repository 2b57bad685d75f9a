import Foundation

/// A file a stage produced for one job, written next to the job's result file as
/// `<rel><suffix>` (for example `.payload.jpg`, `.tile-3.jpg`, `.txt`, `.overlay.jpg`).
public struct Artifact: Sendable {
    public var suffix: String
    public var bytes: Data
    /// Already in the output folder (a document's page files, written as each page finished;
    /// a PDF written straight to disk): listed, not written again.
    public var isWritten = false

    public init(suffix: String, bytes: Data) {
        self.suffix = suffix
        self.bytes = bytes
    }

    /// A file already written under `suffix`.
    static func written(suffix: String) -> Artifact {
        var artifact = Artifact(suffix: suffix, bytes: Data())
        artifact.isWritten = true
        return artifact
    }
}
