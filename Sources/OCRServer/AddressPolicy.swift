import Foundation
import NIOPosix
import OCRPipeline

/// Which addresses url mode may fetch from. By default only public unicast addresses: loopback,
/// private, link-local (including the cloud metadata address 169.254.169.254), carrier-grade
/// NAT, multicast and unspecified addresses are refused, so a request cannot make the server
/// reach into its own network.
struct AddressPolicy: Sendable {
    var allowPrivate: Bool

    /// The reason an address is refused, or `nil` when it may be fetched.
    func refusal(for address: String) -> String? {
        if allowPrivate { return nil }
        if let v4 = IPv4(address) { return refusal(v4) }
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(AF_INET6, address, &bytes) == 1 else { return "unparseable address" }
        if bytes.allSatisfy({ $0 == 0 }) { return "unspecified address" }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "loopback address" }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return refusal(IPv4(octets: Array(bytes[12..<16])))
        }
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return "link-local address" }
        if bytes[0] & 0xFE == 0xFC { return "private (unique local) address" }
        if bytes[0] == 0xFF { return "multicast address" }
        return nil
    }

    private func refusal(_ ip: IPv4) -> String? {
        let o = ip.octets
        switch (o[0], o[1]) {
        case (127, _): return "loopback address"
        case (10, _): return "private address"
        case (172, 16...31): return "private address"
        case (192, 168): return "private address"
        case (169, 254): return "link-local or cloud metadata address"
        case (100, 64...127): return "carrier-grade NAT address"
        case (0, _): return "unspecified address"
        case (224...255, _): return "multicast or reserved address"
        default: return nil
        }
    }

    private struct IPv4 {
        let octets: [UInt8]
        init(octets: [UInt8]) { self.octets = octets }
        init?(_ text: String) {
            var address = in_addr()
            guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
            octets = withUnsafeBytes(of: address.s_addr) { Array($0) }
        }
    }

    /// Every address `host` resolves to, numerically. `getaddrinfo` blocks, so it runs on
    /// NIO's blocking-I/O thread pool, never on Swift's shared pool.
    static func resolve(_ host: String) async throws -> [String] {
        try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &list)
            guard status == 0, let list else { throw RequestFailure.downloadFailed("cannot resolve host \(host)") }
            defer { freeaddrinfo(list) }
            var addresses: [String] = []
            var entry: UnsafeMutablePointer<addrinfo>? = list
            while let current = entry {
                var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
                if getnameinfo(current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                    addresses.append(String(cString: buffer))
                }
                entry = current.pointee.ai_next
            }
            return addresses
        }
    }
}
