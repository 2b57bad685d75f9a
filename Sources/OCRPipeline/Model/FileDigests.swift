import Crypto
import Foundation
import Synchronization

/// The sha256 of files, computed once per version of a file (its device, inode, size and
/// modification time) and process: each page of a document is a job of its own, and each would
/// otherwise hash the whole document again; models are checked against their pinned digests.
public final class FileDigests: Sendable {
    public static let shared = FileDigests()
    /// Versions remembered before the memory starts over.
    private static let capacity = 256

    private struct Version: Hashable {
        let path: String
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modifiedSeconds: Int
        let modifiedNanoseconds: Int
    }

    private let known = Mutex<[Version: String]>([:])

    /// Lowercase hex sha256 of the file at `path`, read in 1 MB chunks.
    public func sha256(ofFile path: String) throws -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        let version = Version(
            path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            modifiedSeconds: status.st_mtim.tv_sec, modifiedNanoseconds: status.st_mtim.tv_nsec)
        if let digest = known.withLock({ $0[version] }) { return digest }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        known.withLock {
            if $0.count >= Self.capacity { $0.removeAll() }
            $0[version] = digest
        }
        return digest
    }
}
