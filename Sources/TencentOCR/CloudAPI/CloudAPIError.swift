import OCRPipeline

/// Why API 3.0 did not read an image: it answered an error that retrying will not change.
public enum CloudAPIError: DescribedError {
    case rejected(code: String, message: String, requestId: String)

    public var kind: FailureKind { .service }

    public var code: String {
        switch self {
        case .rejected(let code, _, _): "service_error_" + code.lowercased().replacingOccurrences(of: ".", with: "_")
        }
    }

    public var summary: String {
        switch self {
        case .rejected(let code, let message, let requestId): "the OCR service refused the image with \(code) (\(message); RequestId \(requestId))"
        }
    }

    public var remedy: String {
        switch self {
        case .rejected(let code, _, _):
            switch code {
            case CloudAPICode.signatureFailure, CloudAPICode.secretIdNotFound, CloudAPICode.invalidAuthorization, CloudAPICode.tokenFailure:
                "check the SecretId/SecretKey (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN or credentials_file)"
            case CloudAPICode.signatureExpire: "the signature is already expired when it arrives: check this machine's clock"
            case CloudAPICode.imageDecodeFailed: "check that the image opens; re-export it as JPEG or PNG"
            case CloudAPICode.imageSizeTooLarge, CloudAPICode.tooLargeFile, CloudAPICode.requestSizeLimitExceeded:
                "lower recognize's max_base64_bytes (or fit's max_body_bytes) to the account's limit"
            default: "see the API 3.0 documentation of \(code)"
            }
        }
    }
}
