/// Tencent Cloud API 3.0's error codes that general OCR meets (docs/protocol-api3.md), and what a
/// client does about each: the legacy API's classes carry over.
public enum CloudAPICode {
    public static let invalidAuthorization = "AuthFailure.InvalidAuthorization"
    public static let signatureFailure = "AuthFailure.SignatureFailure"
    public static let signatureExpire = "AuthFailure.SignatureExpire"
    public static let secretIdNotFound = "AuthFailure.SecretIdNotFound"
    public static let tokenFailure = "AuthFailure.TokenFailure"
    public static let requestLimitExceeded = "RequestLimitExceeded"
    public static let requestSizeLimitExceeded = "RequestSizeLimitExceeded"
    public static let invalidAction = "InvalidAction"
    public static let noSuchVersion = "NoSuchVersion"
    public static let missingParameter = "MissingParameter"
    public static let invalidParameter = "InvalidParameter"
    public static let invalidParameterValue = "InvalidParameterValue.InvalidParameterValueLimit"
    public static let unknownParameter = "UnknownParameter"
    public static let languageNotSupported = "FailedOperation.LanguageNotSupport"
    public static let imageNoText = "FailedOperation.ImageNoText"
    public static let imageDecodeFailed = "FailedOperation.ImageDecodeFailed"
    public static let pdfParseFailed = "FailedOperation.PDFParseFailed"
    public static let downloadError = "FailedOperation.DownLoadError"
    public static let imageSizeTooLarge = "FailedOperation.ImageSizeTooLarge"
    public static let tooLargeFile = "LimitExceeded.TooLargeFileError"
    public static let ocrFailed = "FailedOperation.OcrFailed"
    public static let unknownError = "FailedOperation.UnKnowError"
    public static let inArrears = "ResourceUnavailable.InArrears"
    public static let chargeStatusException = "ResourcesSoldOut.ChargeStatusException"
    public static let serviceNotEnabled = "FailedOperation.UnOpenError"
    public static let internalError = "InternalError"

    /// What a client does with a code.
    public static func policy(_ code: String) -> ServicePolicy {
        switch code {
        case imageNoText: .success
        case requestLimitExceeded, internalError, ocrFailed, unknownError: .retry
        case signatureExpire: .resign
        case inArrears, chargeStatusException, serviceNotEnabled: .stopRun
        default:
            // A code of a class the list above does not name: internal errors back off,
            // anything else fails the image.
            code.hasPrefix("InternalError.") ? .retry : .failImage
        }
    }
}
