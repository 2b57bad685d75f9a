import Foundation
import HTTPTypes
import NIOCore
import OCRPipeline
import TencentOCR

/// Tencent Cloud API 3.0's general OCR on `POST /` (docs/protocol-api3.md): `X-TC-Action`
/// `GeneralBasicOCR` or `GeneralAccurateOCR` at `X-TC-Version: 2018-11-19`, TC3 signatures, a
/// JSON body with `ImageBase64` or `ImageUrl` (which wins), answers in `Response` with a
/// `RequestId` — `TextDetections`, or an `Error` with the API's code (HTTP 200 either way).
struct CloudAPIProtocol: ServedProtocol {
    let verifier: CloudAPISignatureVerifier
    let maxBodyBytes: Int

    static let actions = ["GeneralBasicOCR", "GeneralAccurateOCR"]
    static let action = HTTPField.Name("X-TC-Action")!
    static let version = HTTPField.Name("X-TC-Version")!

    /// Exactly this: the official SDK reads an error only from a body of this type.
    var contentType: String { "application/json" }

    func precheck(_ headers: HTTPFields) throws(RequestFailure) {
        guard let action = headers[Self.action], Self.actions.contains(action) else {
            throw .cloudAPI(
                code: CloudAPICode.invalidAction,
                message: "the action \(headers[Self.action] ?? "(none)") is not served here: send X-TC-Action GeneralBasicOCR or GeneralAccurateOCR")
        }
        guard headers[Self.version] == TencentCloudEngine.version else {
            throw .cloudAPI(
                code: CloudAPICode.noSuchVersion,
                message: "the version \(headers[Self.version] ?? "(none)") does not exist for \(action): send X-TC-Version \(TencentCloudEngine.version)")
        }
    }

    func accept(_ head: HTTPRequest, body: ByteBuffer) throws(RequestFailure) -> AcceptedRequest {
        _ = try verifier.verify(head, body: body)
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(body.readableBytesView))
        } catch {
            throw .cloudAPI(code: CloudAPICode.invalidParameter, message: "the body is not valid JSON (\(error.description))")
        }
        guard document.objectValue != nil else { throw .cloudAPI(code: CloudAPICode.invalidParameter, message: "the body must be a JSON object") }
        var request = AcceptedRequest(logLabel: "action=\(head.headerFields[Self.action] ?? "")")
        request.wantsWords = document["IsWords"]?.boolValue ?? false
        if document["IsPdf"]?.boolValue == true {
            let page = document["PdfPageNumber"]?.intValue ?? 1
            guard page >= 1 else {
                throw .cloudAPI(code: CloudAPICode.invalidParameterValue, message: "PdfPageNumber \(page) is not a page number: pages count from 1")
            }
            request.pdfPage = page
        }
        if let url = document["ImageUrl"]?.stringValue, !url.isEmpty {
            request.url = url
        } else if let encoded = document["ImageBase64"]?.stringValue, !encoded.isEmpty {
            request.image = try decodeBase64Image(encoded)
        } else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "ImageBase64 and ImageUrl are both empty: send one of them")
        }
        return request
    }

    func failure(for fault: FaultInjection.Fault) -> RequestFailure? {
        if case .answerCloudAPI(let code, let message) = fault { return .cloudAPI(code: code, message: message) }
        return nil
    }

    func answer(_ outcome: Result<Recognition, RequestFailure>, request: AcceptedRequest?) -> (body: JSONValue, code: String) {
        let requestId = UUID().uuidString.lowercased()
        switch outcome {
        case .success(let recognition):
            let detections = recognition.items.map { Self.detection($0, in: recognition, words: request?.wantsWords ?? false) }
            let angle = JSONValue.double(Double(recognition.angle))
            return (
                [
                    "Response": [
                        "TextDetections": .array(detections), "Language": "zh", "Angle": angle, "Angel": angle,
                        "PdfPageSize": .int(recognition.pdfPageCount ?? 0), "RequestId": .string(requestId),
                    ]
                ], "OK"
            )
        case .failure(let failure):
            let (code, message) = Self.code(for: failure)
            return (["Response": ["Error": ["Code": .string(code), "Message": .string(message)], "RequestId": .string(requestId)]], code)
        }
    }

    /// An item as a `TextDetections` entry, as the service documents it: `Polygon` the line's
    /// corners in the image as received, `ItemPolygon` its box in the image turned upright, its
    /// line confidence the mean of its characters', its paragraph in `AdvancedInfo`, and (when
    /// asked) each character with its confidence and box.
    static func detection(_ item: OCRItem, in recognition: Recognition, words: Bool) -> JSONValue {
        let box = item.itemcoord
        let corners = item.polygon ?? Self.corners(box)
        var detection: JSONObject = [
            "DetectedText": .string(item.itemstring),
            "Confidence": .int(Int(item.meanConfidence.rounded())),
            "Polygon": points(corners.map(recognition.received)),
            "AdvancedInfo": .string(#"{"Parag":{"ParagNo":\#(item.paragraph ?? 1)}}"#),
            "ItemPolygon": ["X": .int(box.x), "Y": .int(box.y), "Width": .int(box.width), "Height": .int(box.height)],
        ]
        detection["Words"] = .array(words ? item.words.map { ["Confidence": .int(Int($0.confidence.rounded())), "Character": .string($0.character)] } : [])
        detection["WordCoordPoint"] =
            .array(words ? item.words.compactMap { $0.box.map { ["WordCoordinate": points(Self.corners($0).map(recognition.received))] } } : [])
        return .object(detection)
    }

    static func corners(_ box: Box) -> [PixelPoint] {
        [(box.x, box.y), (box.maxX, box.y), (box.maxX, box.maxY), (box.x, box.maxY)].map { PixelPoint(x: Double($0.0), y: Double($0.1)) }
    }

    static func points(_ points: [PixelPoint]) -> JSONValue {
        .array(points.map { ["X": .int(Int($0.x.rounded())), "Y": .int(Int($0.y.rounded()))] })
    }

    /// API 3.0's code and message for a failure.
    static func code(for failure: RequestFailure) -> (String, String) {
        switch failure {
        case .bodyTooLarge(let message): (CloudAPICode.requestSizeLimitExceeded, message)
        case .malformedBody(let message): (CloudAPICode.invalidParameter, message)
        case .missingParameter(let message): (CloudAPICode.missingParameter, message)
        case .invalidParameter(let message): (CloudAPICode.invalidParameterValue, message)
        case .imageEmpty: (CloudAPICode.imageDecodeFailed, "the image is empty")
        case .imageUndecodable(let message): (CloudAPICode.imageDecodeFailed, message)
        case .imageTooLarge(let message): (CloudAPICode.imageSizeTooLarge, message)
        case .documentUnreadable(let message): (CloudAPICode.pdfParseFailed, message)
        case .downloadFailed(let message): (CloudAPICode.downloadError, message)
        case .downloadTooLarge(let message): (CloudAPICode.tooLargeFile, message)
        case .noText: (CloudAPICode.imageNoText, "no text detected in the image")
        case .ocrFailed(let message): (CloudAPICode.ocrFailed, message)
        case .busy: (CloudAPICode.requestLimitExceeded, "too many requests: every worker is busy and the queue is full; retry later")
        case .internalError(let message): (CloudAPICode.internalError, message)
        case .legacy(_, let message): (CloudAPICode.internalError, message)
        case .cloudAPI(let code, let message): (code, message)
        }
    }
}
