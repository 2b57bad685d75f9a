import Foundation

/// Bounds- and overflow-checked reads from a file's bytes, for the format inspectors.
///
/// Every offset, length and size a file header gives is untrusted: a read outside the bytes,
/// or an offset that would overflow, answers `nil` instead of trapping, so a hostile header
/// costs the inspector its answer, never the process.
struct ByteReader {
    let bytes: [UInt8]

    init(_ data: Data) { bytes = [UInt8](data) }
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// `offset + length`, or `nil` when that overflows or either is negative.
    static func end(of offset: Int, length: Int) -> Int? {
        guard offset >= 0, length >= 0 else { return nil }
        let (sum, overflow) = offset.addingReportingOverflow(length)
        return overflow ? nil : sum
    }

    /// Whether `length` bytes from `offset` lie inside the data.
    func contains(_ offset: Int, length: Int) -> Bool {
        guard let end = Self.end(of: offset, length: length) else { return false }
        return end <= bytes.count
    }

    func u8(_ at: Int) -> Int? {
        contains(at, length: 1) ? Int(bytes[at]) : nil
    }

    func u16be(_ at: Int) -> Int? {
        guard contains(at, length: 2) else { return nil }
        return Int(bytes[at]) << 8 | Int(bytes[at + 1])
    }

    func u16le(_ at: Int) -> Int? {
        guard contains(at, length: 2) else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8
    }

    func u24be(_ at: Int) -> Int? {
        guard contains(at, length: 3) else { return nil }
        return Int(bytes[at]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2])
    }

    func u24le(_ at: Int) -> Int? {
        guard contains(at, length: 3) else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16
    }

    func u32be(_ at: Int) -> Int? {
        guard contains(at, length: 4) else { return nil }
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    func u32le(_ at: Int) -> Int? {
        guard contains(at, length: 4) else { return nil }
        return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// A 64-bit big-endian value, `nil` when it does not fit in `Int` (sizes near 2^64).
    func u64be(_ at: Int) -> Int? {
        guard let high = u32be(at), let low = u32be(at + 4), high <= Int(Int32.max) else { return nil }
        return high << 32 | low
    }

    /// `length` bytes from `offset`, or `nil` when they run past the end.
    func slice(_ offset: Int, length: Int) -> ArraySlice<UInt8>? {
        guard contains(offset, length: length) else { return nil }
        return bytes[offset..<offset + length]
    }

    /// Four bytes read as ASCII (a box or chunk type).
    func fourCC(_ at: Int) -> String? {
        slice(at, length: 4).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the bytes at `offset` are `expected`.
    func matches(_ expected: [UInt8], at offset: Int) -> Bool {
        slice(offset, length: expected.count).map { $0.elementsEqual(expected) } ?? false
    }
}
