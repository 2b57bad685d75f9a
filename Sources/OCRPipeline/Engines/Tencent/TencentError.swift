/// Why the service did not read an image.
public enum TencentError: DescribedError {
    /// The service refused this image (a code that retrying will not change).
    case rejected(code: Int, message: String)
    /// Still failing after every allowed attempt (busy, network, timeouts).
    case gaveUp(attempts: Int, last: String)
    /// The image's overall deadline passed.
    case deadline(seconds: Double, last: String)
    /// No payload to send: the pipeline lacks a fit stage before recognize.
    case missingPayload
    /// The server answered with a client-error status and no service JSON: not an OCR service.
    case notTheService(status: Int, endpoint: String)

    public var code: String {
        switch self {
        case .rejected(let code, _): "service_code_\(code < 0 ? "minus_\(-code)" : String(code))"
        case .gaveUp: "service_unavailable"
        case .deadline: "service_deadline"
        case .missingPayload: "pipeline_order"
        case .notTheService: "not_the_service"
        }
    }

    public var summary: String {
        switch self {
        case .rejected(let code, let message): "the OCR service refused the image with code \(code) (\(message))"
        case .gaveUp(let attempts, let last): "the OCR service did not answer successfully in \(attempts) attempts (last: \(last))"
        case .deadline(let seconds, let last): "the OCR service did not finish the image within \(Int(seconds)) s (last: \(last))"
        case .missingPayload: "the tencent engine has no payload to send"
        case .notTheService(let status, let endpoint): "\(endpoint) answered HTTP \(status) without the service's JSON"
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
        case .gaveUp, .deadline: "retry later (a rerun redoes only the images that failed), or lower qps and max_in_flight"
        case .missingPayload: "put a fit stage before recognize"
        case .notTheService: "check recognize's base_url: it must point at the general-OCR service or an ocr-pipeline serve"
        }
    }
}

/// The service will refuse every further call (quota used up, account in arrears): the run stops.
public struct ServiceStopped: RunStoppingError {
    public let serviceCode: Int
    public let message: String
    public var code: String { serviceCode == 25 ? "quota_exhausted" : "account_in_arrears" }
    public var summary: String {
        serviceCode == 25
            ? "the OCR service's purchased quota is used up (code 25: \(message)); the run stopped, since every later call would fail too"
            : "the OCR account is in arrears (code 3: \(message)); the run stopped, since every later call would fail too"
    }
    public var remedy: String { "top up the account or quota, then rerun the same command: it finishes only what is missing" }
}
