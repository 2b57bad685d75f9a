import OCRPipeline

/// Why the legacy service did not read an image: it refused it with a code that retrying will
/// not change.
public enum TencentError: DescribedError {
    case rejected(code: Int, message: String)

    public var kind: FailureKind { .service }

    public var code: String {
        switch self {
        case .rejected(let code, _): "service_code_\(code < 0 ? "minus_\(-code)" : String(code))"
        }
    }

    public var summary: String {
        switch self {
        case .rejected(let code, let message): "the OCR service refused the image with code \(code) (\(message))"
        }
    }

    public var remedy: String {
        switch self {
        case .rejected(let code, _):
            switch code {
            case 4, 5, 10, 11, 12, 14: "check the appid and the SecretId/SecretKey (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY or credentials_file)"
            case 6, 16: "check the appid and bucket in the pipeline file"
            case 9: "the signature is already expired when it arrives: check this machine's clock"
            case 23: "lower fit's max_body_bytes"
            case -1102, -1300: "check that the image opens; re-export it as JPEG or PNG"
            default: "see the service's documentation for code \(code)"
            }
        }
    }
}
