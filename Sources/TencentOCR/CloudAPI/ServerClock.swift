import Foundation
import Synchronization

/// This machine's clock, corrected by the offset the server's own clock showed: API 3.0 refuses
/// a signature whose timestamp is more than 5 minutes off, so a client with a skewed clock
/// signs again with the server's time (from the refusal's HTTP `Date` header), as AWS's and
/// Tencent's SDKs do.
final class ServerClock: Sendable {
    private let local: @Sendable () -> Date
    private let offset = Mutex<TimeInterval>(0)

    init(local: @escaping @Sendable () -> Date) { self.local = local }

    func now() -> Date { local().addingTimeInterval(offset.withLock { $0 }) }

    /// The server said it is `serverNow`.
    func adjust(serverNow: Date) {
        let local = local()
        offset.withLock { $0 = serverNow.timeIntervalSince(local) }
    }

    /// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`); rare, so a formatter per call.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
