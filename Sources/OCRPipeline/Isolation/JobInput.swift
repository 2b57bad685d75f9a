import Foundation

/// What an image or a document to process is given as.
public enum JobInput: Sendable {
    /// A file, read by whoever processes it.
    case file(path: String)
    /// Bytes already in memory (a server's request body).
    case data(Data)

    /// The encoded bytes, as a job reads them.
    func source() throws -> ImageSource {
        switch self {
        case .file(let path): try ImageSource(file: path)
        case .data(let data): ImageSource(data: data)
        }
    }

    /// Identity facts of the input, as far as they can be read, for a result that failed
    /// before any stage ran.
    func sourceInfo(name: String) -> SourceInfo {
        switch self {
        case .file(let path): SourceInfo(path: name, file: path)
        case .data(let data): Job(path: name, data: data).source
        }
    }
}
