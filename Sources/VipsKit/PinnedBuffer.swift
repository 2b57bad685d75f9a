import Foundation

/// Bytes at a fixed address for as long as any image decoded from them is alive.
///
/// libvips neither copies a buffer it loads from nor decodes it at once, so the memory must
/// outlive every lazily evaluated image derived from it. ``VImage`` keeps a reference.
public final class PinnedBuffer: @unchecked Sendable {
    /// Start of the bytes; valid until the buffer is released.
    public let baseAddress: UnsafeRawPointer
    /// Number of bytes.
    public let count: Int
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `data` once into memory that never moves.
    public init(_ data: Data) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        if !data.isEmpty { data.copyBytes(to: storage.bindMemory(to: UInt8.self), count: data.count) }
        baseAddress = UnsafeRawPointer(storage.baseAddress!)
        count = data.count
    }

    /// The bytes as `Data` without copying; valid only while this buffer is alive.
    public var unsafeData: Data {
        Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: baseAddress), count: count, deallocator: .none)
    }

    deinit { storage.deallocate() }
}
