import Crypto
import Foundation

/// The K-th of N parts of an input set, so a batch can be split across machines (Kubernetes
/// indexed jobs, Slurm arrays, GNU parallel). An input belongs to the part chosen by a hash of
/// its relative path: every input lands in exactly one part, whichever machine lists it, and
/// adding files does not move the others.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based part number.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (1...count).contains(index) else { throw InputError.badShard("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { throw InputError.badShard(text) }
        try self.init(index: k, count: n)
    }

    public static let whole = try! Shard(index: 1, count: 1)

    public func contains(_ relativePath: String) -> Bool {
        guard count > 1 else { return true }
        let digest = SHA256.hash(data: Data(relativePath.utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count)) == index - 1
    }

    public var description: String { "\(index)/\(count)" }
}
