/// What kind of failure an error is, so a front end answers it in its own terms (the server maps
/// kinds to each protocol's codes) without reading codes as strings. It travels with a job's
/// result, across worker processes too.
public enum FailureKind: String, Sendable, Codable, CaseIterable {
    /// The file is empty.
    case emptyInput = "empty_input"
    /// The file is not an image this tool reads (unknown, unsupported, broken, animated).
    case undecodableInput = "undecodable_input"
    /// The image is too large to decode or to fit (pixels, memory, body budget).
    case oversizedInput = "oversized_input"
    /// The engine could not read the image.
    case recognition
    /// A service refused or did not answer.
    case service
    /// A worker process was lost to the image (a crash, its memory cap, its time bound).
    case workerLost = "worker_lost"
    /// The pipeline, a plugin or the output folder is at fault, not the image.
    case configuration
    /// Anything else.
    case `internal`
}
