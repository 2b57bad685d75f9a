import OCRPipeline

/// The legacy general-OCR API's result codes, and what a client should do about each
/// (docs/protocol-legacy.md's table).
public enum ServiceCode {
    public static let ok = 0
    public static let badRequest = 3
    public static let signatureMissing = 4
    public static let signatureMalformed = 5
    public static let appidMismatch = 6
    public static let signatureExpired = 9
    public static let appidUnknown = 10
    public static let secretIdUnknown = 11
    public static let secretIdNotOfAppid = 12
    public static let replay = 13
    public static let signatureInvalid = 14
    public static let tooFrequent = 15
    public static let bucketMissing = 16
    public static let invalidParameter = 21
    public static let bodyTooLarge = 23
    public static let noPermission = 24
    public static let quotaUsedUp = 25
    public static let authInternal = 107
    public static let authUnavailable = 108
    public static let internalError = 213
    public static let imageDecodeFailed = -1102
    public static let imageEmpty = -1300
    public static let parameterEmpty = -1301
    public static let parameterTooLong = -1304
    public static let downloadFailed = -1308
    public static let ocrFailed = -9003
    public static let noText = -9021

    /// What a client does with a code.
    public static func policy(code: Int, message: String) -> ServicePolicy {
        switch code {
        case ok, noText: .success
        case tooFrequent, authInternal, authUnavailable, internalError, downloadFailed, ocrFailed: .retry
        case signatureExpired, replay: .resign
        case quotaUsedUp: .stopRun
        case badRequest where message.contains("errorno is:2"): .stopRun
        default: .failImage
        }
    }
}
