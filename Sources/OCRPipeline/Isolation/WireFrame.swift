import Foundation

/// One message between the runner and a worker process: a typed message (``WorkerRequest``
/// or ``WorkerReply``) and binary attachments (image bytes, artifacts), so pixels never travel
/// as base64.
///
/// On the wire: the header's length (4 bytes, big-endian), the header (UTF-8 JSON:
/// `{"attachments": [byte counts], "message": ...}`), then each attachment's bytes.
struct WireFrame: Sendable {
    /// The header's JSON.
    let header: Data
    var attachments: [Data]

    private struct Envelope<Message: Codable>: Codable {
        var attachments: [Int]
        var message: Message
    }

    private struct Sizes: Decodable {
        var attachments: [Int]
    }

    init<Message: Codable>(_ message: Message, attachments: [Data] = []) {
        // Encoding plain Codable values into JSON cannot fail.
        header = (try? JSONEncoder().encode(Envelope(attachments: attachments.map(\.count), message: message))) ?? Data()
        self.attachments = attachments
    }

    private init(header: Data, attachments: [Data]) {
        self.header = header
        self.attachments = attachments
    }

    /// The message, as the type the receiving side expects.
    func message<Message: Codable>(as type: Message.Type = Message.self) throws -> Message {
        try JSONDecoder().decode(Envelope<Message>.self, from: header).message
    }

    /// The bytes to write.
    func encoded() -> Data {
        var out = Data(capacity: 4 + header.count + attachments.reduce(0) { $0 + $1.count })
        withUnsafeBytes(of: UInt32(header.count).bigEndian) { out.append(contentsOf: $0) }
        out.append(header)
        for attachment in attachments { out.append(attachment) }
        return out
    }

    /// The attachment sizes a header declares.
    fileprivate static func sizes(in header: Data) -> [Int]? {
        try? JSONDecoder().decode(Sizes.self, from: header).attachments
    }

    fileprivate static func decoded(header: Data, attachments: [Data]) -> WireFrame {
        WireFrame(header: header, attachments: attachments)
    }
}

/// Turns a byte stream back into frames, however the stream was chunked.
struct WireFrameDecoder {
    /// The largest header accepted; a longer one means the stream is not this protocol.
    static let maximumHeader = 64 << 20
    private var buffer = Data()

    /// The stream is not made of frames (a stray write to the protocol's descriptor).
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Adds bytes; returns the frames now complete.
    mutating func append(_ bytes: some Sequence<UInt8>) throws -> [WireFrame] {
        buffer.append(contentsOf: bytes)
        var frames: [WireFrame] = []
        while let frame = try next() { frames.append(frame) }
        return frames
    }

    private mutating func next() throws -> WireFrame? {
        guard buffer.count >= 4 else { return nil }
        let start = buffer.startIndex
        let length = Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
        guard length <= Self.maximumHeader else { throw Malformed(description: "a frame header of \(length) bytes") }
        guard buffer.count >= 4 + length else { return nil }
        let header = Data(buffer[start + 4..<start + 4 + length])
        guard let sizes = WireFrame.sizes(in: header) else { throw Malformed(description: "a frame header that is not a message") }
        guard sizes.allSatisfy({ $0 >= 0 }) else { throw Malformed(description: "a negative attachment size") }
        let total = sizes.reduce(4 + length, +)
        guard buffer.count >= total else { return nil }
        var attachments: [Data] = []
        var at = start + 4 + length
        for size in sizes {
            attachments.append(Data(buffer[at..<at + size]))
            at += size
        }
        buffer = Data(buffer[(start + total)...])
        return WireFrame.decoded(header: header, attachments: attachments)
    }
}

/// Writes all of `bytes` to `fd`, retrying on interruption; false once the reader is gone.
func writeAll(_ bytes: Data, to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
