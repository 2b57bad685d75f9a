import Foundation
import Synchronization

/// Removes secrets from anything printed or written: logs, messages, `explain`, results.
public struct Redactor: Sendable {
    public static let mask = "***"
    private var secrets: [String] = []

    public init(secrets: some Sequence<String> = []) {
        for secret in secrets { add(secret) }
    }

    /// Registers a value that must never be printed. Very short values are ignored (they
    /// would mask ordinary text and are not real secrets).
    public mutating func add(_ secret: String) {
        guard secret.count >= 6, !secrets.contains(secret) else { return }
        secrets.append(secret)
        secrets.sort { $0.count > $1.count }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    /// The `user:password` of a URL that embeds a password (`https://user:password@host/`),
    /// as written, so that it can be registered as a secret.
    public static func urlUserinfo(in text: String) -> String? {
        guard text.contains("://"), let components = URLComponents(string: text),
            let password = components.percentEncodedPassword, !password.isEmpty
        else { return nil }
        return "\(components.percentEncodedUser ?? ""):\(password)"
    }

    public func scrub(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Self.mask) }
    }

    public func scrub(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(scrub(text))
        case .array(let items): return .array(items.map(scrub))
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object { out[key] = scrub(member) }
            return .object(out)
        default: return value
        }
    }
}

/// Secrets collected while a pipeline is built, added to its ``Redactor``.
public final class SecretCollector: Sendable {
    private let stored = Mutex<[String]>([])

    public init() {}

    public func add(_ secret: String) { stored.withLock { $0.append(secret) } }
    public var all: [String] { stored.withLock { $0 } }
}
