import Crypto
import Foundation
import VipsKit

/// The encoded bytes of an input: a file, read on demand (libvips streams it while decoding,
/// so a 20 MB JPEG is never held whole), or a buffer already in memory (the server's case).
public final class ImageSource: Sendable {
    /// How libvips reads it.
    public let input: ImageInput
    /// Size in bytes.
    public let count: Int

    /// A file on disk; fails when it cannot be opened.
    public init(file path: String) throws {
        // Follow symbolic links: a folder of links to images is a normal input.
        let attributes = try FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw ImageError.unreadable(reason: "not a regular file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ImageError.unreadable(reason: "permission denied") }
        input = .file(path)
        count = (attributes[.size] as? Int) ?? 0
    }

    /// Bytes in memory.
    public init(data: Data) {
        input = .buffer(PinnedBuffer(data))
        count = data.count
    }

    /// The first `length` bytes (all of them when the source is shorter).
    public func prefix(_ length: Int) throws -> Data {
        switch input {
        case .buffer(let buffer): return Data(buffer.unsafeData.prefix(length))
        case .file(let path):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            return try handle.read(upToCount: length) ?? Data()
        }
    }

    /// Every byte (for sending a file that already fits as it is).
    public func allBytes() throws -> Data {
        switch input {
        case .buffer(let buffer): return Data(buffer.unsafeData)
        case .file(let path): return try Data(contentsOf: URL(fileURLWithPath: path))
        }
    }

    /// Lowercase hex SHA-256, computed in 1 MB chunks.
    public func sha256() throws -> String {
        var hasher = SHA256()
        switch input {
        case .buffer(let buffer): hasher.update(data: buffer.unsafeData)
        case .file(let path):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
