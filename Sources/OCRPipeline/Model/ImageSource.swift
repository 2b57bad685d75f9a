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
        guard FileManager.default.fileExists(atPath: path),
            let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        else {
            throw ImageError.unreadable(reason: "it does not exist: a broken symbolic link, or removed since the folder was read")
        }
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

    /// Lowercase hex SHA-256 (a file's once per version and process: ``FileDigests``).
    public func sha256() throws -> String {
        switch input {
        case .buffer(let buffer): SHA256.hash(data: buffer.unsafeData).map { String(format: "%02x", $0) }.joined()
        case .file(let path): try FileDigests.shared.sha256(ofFile: path)
        }
    }

    /// Whether the file visibly ends before its format's end marker (JPEG's EOI, PNG's IEND,
    /// GIF's trailer, a RIFF size beyond the file); `nil` when the format has no such marker.
    /// This tells a cut-off download from damaged data without trusting libvips' messages,
    /// which threads share.
    public func looksTruncated(_ format: ImageFormat) -> Bool? {
        guard count > 0 else { return true }
        let tailLength = min(count, 4096)
        let tail: [UInt8]
        switch input {
        case .buffer(let buffer): tail = [UInt8](buffer.unsafeData.suffix(tailLength))
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            try? handle.seek(toOffset: UInt64(count - tailLength))
            tail = [UInt8]((try? handle.read(upToCount: tailLength)) ?? Data())
        }
        func contains(_ needle: [UInt8]) -> Bool {
            tail.count >= needle.count && (0...(tail.count - needle.count)).contains { tail[$0..<$0 + needle.count].elementsEqual(needle) }
        }
        switch format {
        case .jpeg: return !contains([0xFF, 0xD9])
        case .png: return pngEndsEarly()
        case .gif: return tail.last != 0x3B && !contains([0x00, 0x3B])
        case .pdf: return !contains(Array("%%EOF".utf8))
        case .webp:
            guard let head = try? prefix(8), head.count == 8 else { return nil }
            let declared = Int(head[4]) | Int(head[5]) << 8 | Int(head[6]) << 16 | Int(head[7]) << 24
            return declared + 8 > count
        default: return nil
        }
    }

    /// Walks PNG chunk headers: a chunk running past the end means a cut file; a chunk with a
    /// nonsensical type means damage, not truncation.
    private func pngEndsEarly() -> Bool? {
        var offset = 8
        while offset + 8 <= count {
            guard let header = try? read(at: offset, length: 8), header.count == 8 else { return nil }
            let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
            let type = header[4..<8]
            guard type.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else { return false }
            if type.elementsEqual(Array("IEND".utf8)) { return false }
            offset += 12 + length
        }
        return true
    }

    private func read(at offset: Int, length: Int) throws -> Data {
        switch input {
        case .buffer(let buffer): return Data(buffer.unsafeData[offset..<min(count, offset + length)])
        case .file(let path):
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            return try handle.read(upToCount: length) ?? Data()
        }
    }
}
