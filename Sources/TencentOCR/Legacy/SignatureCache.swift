import Foundation
import OCRPipeline

/// The engine's multi-effective signature: made once, reused by every request until shortly
/// before it expires, then renewed. A request told the signature expired (9) or was replayed
/// (13) renews it at once.
actor SignatureCache {
    private let appid: String
    private let bucket: String?
    private let credentials: Credential
    private let lifetime: Int
    private let renewBefore: Int
    private let clock: @Sendable () -> Date
    private var current: (value: String, expiry: Int)?
    private(set) var signaturesMade = 0

    init(appid: String, bucket: String?, credentials: Credential, lifetime: Int, clock: @escaping @Sendable () -> Date) {
        self.appid = appid
        self.bucket = bucket
        self.credentials = credentials
        self.lifetime = lifetime
        renewBefore = min(60, lifetime / 4)
        self.clock = clock
    }

    /// The cached signature, or a new one when it is about to expire (or `fresh` is asked).
    func signature(fresh: Bool = false) -> String {
        let now = Int(clock().timeIntervalSince1970)
        if !fresh, let current, current.expiry - now > renewBefore { return current.value }
        let expiry = now + lifetime
        let value = Signature.sign(appid: appid, bucket: bucket, secretId: credentials.secretId, secretKey: credentials.secretKey, expiry: expiry, now: now)
        current = (value, expiry)
        signaturesMade += 1
        return value
    }

    /// Forgets the signature so the next request gets a fresh one.
    func renew(replacing stale: String) {
        if current?.value == stale { current = nil }
    }
}
