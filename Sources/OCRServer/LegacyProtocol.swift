import Foundation
import HTTPTypes
import NIOCore
import OCRPipeline
import TencentOCR

/// The legacy general-OCR protocol on `POST /ocr/general` (docs/protocol-legacy.md): the multi-effective
/// signature in `Authorization`, a JSON or multipart body, answers with an integer `code`.
struct LegacyProtocol: ServedProtocol {
    let verifier: LegacySignatureVerifier
    let maxBodyBytes: Int

    var contentType: String { "application/json; charset=utf-8" }
    var name: String { "legacy" }
    var defaultAction: String { "general" }

    func precheck(_ headers: HTTPFields) throws(RequestFailure) {}

    func accept(_ head: HTTPRequest, body: ByteBuffer) throws(RequestFailure) -> AcceptedRequest {
        let headers = head.headerFields
        let authorization = headers[.authorization]
        // Fail fast on a missing signature, before parsing the body.
        guard let authorization, !authorization.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .legacy(code: ServiceCode.signatureMissing, message: "signature is empty: send the Authorization header")
        }
        let fields = try LegacyRequest.parse(body, contentType: headers[.contentType])
        guard let appid = fields.appid, !appid.isEmpty else { throw .missingParameter("appid is empty") }
        _ = try verifier.verify(authorization: authorization, appid: appid, bucket: fields.bucket)
        return AcceptedRequest(image: fields.image, url: fields.url.flatMap { $0.isEmpty ? nil : $0 }, client: "appid=\(appid)")
    }

    func answer(_ outcome: Result<Recognition, RequestFailure>, request: AcceptedRequest?) -> (body: JSONValue, code: String) {
        switch outcome {
        case .success(let recognition):
            return (["code": 0, "message": "OK", "data": ["session_id": .string(Self.sessionID()), "items": .array(recognition.items.map(\.json))]], "0")
        case .failure(let failure):
            let (code, message) = Self.code(for: failure)
            let data: JSONObject = code == ServiceCode.noText ? ["session_id": .string(Self.sessionID()), "items": []] : [:]
            return (["code": .int(code), "message": .string(message), "data": .object(data)], String(code))
        }
    }

    /// The legacy API's code and message for a failure.
    static func code(for failure: RequestFailure) -> (Int, String) {
        switch failure {
        case .bodyTooLarge(let message): (ServiceCode.bodyTooLarge, message)
        case .malformedBody(let message), .invalidParameter(let message): (ServiceCode.invalidParameter, message)
        case .missingParameter(let message): (ServiceCode.parameterEmpty, message)
        case .imageEmpty: (ServiceCode.imageEmpty, "image is empty")
        case .imageUndecodable(let message), .imageTooLarge(let message), .documentUnreadable(let message): (ServiceCode.imageDecodeFailed, message)
        case .downloadFailed(let message), .downloadTooLarge(let message): (ServiceCode.downloadFailed, message)
        case .noText: (ServiceCode.noText, "no text detected")
        case .ocrFailed(let message): (ServiceCode.ocrFailed, message)
        case .busy: (ServiceCode.tooFrequent, "too many requests: every worker is busy and the queue is full; retry later")
        case .shuttingDown: (ServiceCode.tooFrequent, "the server is shutting down: retry on another instance")
        case .internalError(let message): (ServiceCode.internalError, message)
        case .legacy(let code, let message): (code, message)
        case .cloudAPI(_, let message): (ServiceCode.internalError, message)
        }
    }

    static func sessionID() -> String { UUID().uuidString.lowercased() }
}
