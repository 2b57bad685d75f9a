import Foundation
import TestSupport

/// Sends exact bytes over a TCP connection to 127.0.0.1 and reads the response: the way to
/// test what real clients put on the wire (header spelling, request-line forms, multipart
/// layouts) without an HTTP library normalising it.
final class RawHTTP: @unchecked Sendable {
    private let socket: Int32

    struct Response: @unchecked Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var code: Int? { json["code"] as? Int }
        var message: String { json["message"] as? String ?? "" }
        /// The recognised items' text, one per line.
        var text: String {
            let items = (json["data"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
            return items.compactMap { $0["itemstring"] as? String }.joined(separator: "\n")
        }
        var itemStrings: [String] { ((json["data"] as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["itemstring"] as? String } }
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw POSIXError(.ECONNREFUSED) }
        // Long enough for the slowest request of the tests (a 40000×4 strip) on a loaded 2-core machine.
        var timeout = timeval(tv_sec: 180, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    func send(_ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { throw POSIXError(.EPIPE) }
            offset += sent
        }
    }

    /// Reads one response (by its Content-Length), or `nil` when the server closed first.
    func receive() throws -> Response? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let count = recv(socket, &chunk, chunk.count, 0)
            if count <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        while buffer.range(of: Data("\r\n\r\n".utf8)) == nil { if !fill() { return nil } }
        let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8))!
        let head = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count - headerEnd.upperBound < length { if !fill() { break } }
        return Response(status: status, headers: headers, body: Data(buffer[headerEnd.upperBound...].prefix(length)))
    }

    /// Whether the server closes the connection (discarding anything it still sends) before
    /// the socket's read timeout.
    func closedByServer() async throws -> Bool {
        try await Self.offPool {
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(self.socket, &chunk, chunk.count, 0)
                if count == 0 { return true }
                if count < 0 { return errno == ECONNRESET }
            }
        }
    }

    /// One request on a fresh connection. The blocking socket calls run on a Dispatch thread,
    /// not on Swift's cooperative pool, which the server under test needs.
    static func exchange(port: Int, _ request: Data) async throws -> Response {
        try await offPool {
            let connection = try RawHTTP(port: port)
            try connection.send(request)
            guard let response = try connection.receive() else { throw POSIXError(.ECONNRESET) }
            return response
        }
    }

    /// `send` then `receive` on this connection, off the cooperative pool.
    func roundTrip(_ request: Data) async throws -> Response? {
        try await Self.offPool {
            try self.send(request); return try self.receive()
        }
    }

    /// The next response on this connection, off the cooperative pool.
    func next() async throws -> Response? {
        try await Self.offPool { try self.receive() }
    }

    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await offCooperativePool(work)
    }
}

/// Builds request bytes.
enum Wire {
    static func request(method: String = "POST", target: String = "/ocr/general", headers: [(String, String)], body: Data, separator: String = ": ") -> Data {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name)\(separator)\(value)\r\n" }
        text += "\r\n"
        return Data(text.utf8) + body
    }

    static func json(_ fields: [String: Any]) -> Data {
        try! JSONSerialization.data(withJSONObject: fields)
    }
}
