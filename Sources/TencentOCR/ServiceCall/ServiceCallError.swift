import OCRPipeline

/// Why a service call failed for reasons of the call itself, whichever API it speaks.
public enum ServiceCallError: DescribedError {
    /// Still failing after every allowed attempt (busy, network, timeouts).
    case gaveUp(attempts: Int, last: String)
    /// The view's overall deadline passed.
    case deadline(seconds: Double, last: String)
    /// No payload to send: the pipeline lacks a fit stage before recognize.
    case missingPayload
    /// The server answered with a client-error status and no service JSON: not an OCR service.
    case notTheService(status: Int, endpoint: String)

    public var kind: FailureKind { .service }

    public var code: String {
        switch self {
        case .gaveUp: "service_unavailable"
        case .deadline: "service_deadline"
        case .missingPayload: "pipeline_order"
        case .notTheService: "not_the_service"
        }
    }

    public var summary: String {
        switch self {
        case .gaveUp(let attempts, let last): "the OCR service did not answer successfully in \(attempts) attempts (last: \(last))"
        case .deadline(let seconds, let last): "the OCR service did not finish the image within \(Int(seconds)) s (last: \(last))"
        case .missingPayload: "the engine has no payload to send"
        case .notTheService(let status, let endpoint): "\(endpoint) answered HTTP \(status) without the service's JSON"
        }
    }

    public var remedy: String {
        switch self {
        case .gaveUp, .deadline: "retry later (a rerun redoes only the images that failed), or lower qps and max_in_flight"
        case .missingPayload: "put a fit stage before recognize"
        case .notTheService: "check recognize's base_url: it must point at the OCR service or an ocr-pipeline serve"
        }
    }
}
