import Foundation
import HTTPTypes
import NIOCore
import OCRPipeline
import TencentOCR

/// Tencent Cloud API 3.0's general OCR on `/` (docs/protocol-api3.md): the actions of
/// ``CloudAPIAction`` at `2018-11-19`, signed with TC3-HMAC-SHA256 (a JSON body by POST, or the
/// fields in the query by GET) or with v1's `HmacSHA1`/`HmacSHA256` (the fields form-encoded in
/// the body or the query); answers in `Response` with a `RequestId` — the action's fields, or an
/// `Error` with the API's code (HTTP 200 either way).
struct CloudAPIProtocol: ServedProtocol {
    let verifier: CloudAPISignatureVerifier
    let maxBodyBytes: Int
    /// The Tesseract languages installed, which `LanguageType` may ask for.
    let tesseractLanguages: Set<String>

    static let action = HTTPField.Name("X-TC-Action")!
    static let version = HTTPField.Name("X-TC-Version")!
    static let formContentType = "application/x-www-form-urlencoded"

    /// Exactly this: the official SDK reads an error only from a body of this type.
    var contentType: String { "application/json" }
    var name: String { "api3" }
    var defaultAction: String { "unknown" }

    /// A TC3 request names its action and version in headers: checked before the body is read.
    /// (A v1 request names them in its fields, checked by ``accept(_:body:)``.)
    func precheck(_ headers: HTTPFields) throws(RequestFailure) {
        guard let name = headers[Self.action] else {
            guard let authorization = headers[.authorization], !authorization.isEmpty else { return }
            throw Self.invalidAction(nil)
        }
        guard CloudAPIAction(rawValue: name) != nil else { throw Self.invalidAction(name) }
        try Self.checkVersion(headers[Self.version], action: name)
    }

    func accept(_ head: HTTPRequest, body: ByteBuffer) throws(RequestFailure) -> AcceptedRequest {
        let headers = head.headerFields
        let isGet = head.method == .get
        let (path, query) = Self.split(head.path ?? "/")
        let form: [(name: String, value: String)]? =
            isGet
            ? CloudAPIParameters.formPairs(query)
            : (headers[.contentType] ?? "").lowercased().hasPrefix(Self.formContentType)
                ? CloudAPIParameters.formPairs(String(decoding: body.readableBytesView, as: UTF8.self)) : nil
        let action: CloudAPIAction
        let parameters: CloudAPIParameters
        let credential: Credential
        if let authorization = headers[.authorization], !authorization.isEmpty {
            guard let named = headers[Self.action].flatMap(CloudAPIAction.init(rawValue:)) else { throw Self.invalidAction(headers[Self.action]) }
            action = named
            credential = try verifier.verifyTC3(head, body: body, query: query)
            if let form {
                parameters = try CloudAPIParameters(form: form, action: action)
            } else {
                parameters = try Self.jsonParameters(body, action: action)
            }
        } else if let form, form.contains(where: { $0.name == "Signature" }) {
            let value = { (name: String) in form.first { $0.name == name }?.value }
            guard let named = value("Action").flatMap(CloudAPIAction.init(rawValue:)) else { throw Self.invalidAction(value("Action")) }
            action = named
            try Self.checkVersion(value("Version"), action: action.rawValue)
            credential = try verifier.verifyV1(form, method: isGet ? "GET" : "POST", host: head.authority ?? "", path: path)
            parameters = try CloudAPIParameters(form: form, action: action)
        } else {
            throw .cloudAPI(
                code: CloudAPICode.invalidAuthorization,
                message: "the request is not signed: send a TC3-HMAC-SHA256 Authorization header, or v1's Signature, SecretId, Timestamp and Nonce fields")
        }
        var request = try accepted(action, parameters)
        request.client = credential.appid.map { "appid=\($0)" }
        return request
    }

    /// What the action's fields ask for.
    private func accepted(_ action: CloudAPIAction, _ parameters: CloudAPIParameters) throws(RequestFailure) -> AcceptedRequest {
        var request = AcceptedRequest()
        var shape = CloudAPIRequest(action: action)
        shape.wantsWords = action.returnsWords && parameters.bool("IsWords") == true
        shape.wantsWordPolygons = parameters.bool("EnableWordPolygon") == true
        if parameters.bool("IsPdf") == true {
            let page = parameters.int("PdfPageNumber") ?? 1
            guard page >= 1 else {
                throw .cloudAPI(code: CloudAPICode.invalidParameterValue, message: "PdfPageNumber \(page) is not a page number: pages count from 1")
            }
            request.pdfPage = page
        }
        switch action {
        case .generalBasicOCR:
            let language = parameters.string("LanguageType") ?? "zh"
            guard CloudAPILanguage.all.contains(language) else {
                throw .cloudAPI(
                    code: CloudAPICode.invalidParameterValue,
                    message: "LanguageType \(language) is not one of \(CloudAPILanguage.all.sorted().joined(separator: ", "))")
            }
            shape.language = language
            if let tesseract = CloudAPILanguage.tesseract[language] {
                guard tesseractLanguages.contains(tesseract) else {
                    throw .cloudAPI(
                        code: CloudAPICode.languageNotSupported,
                        message:
                            "LanguageType \(language) is not read here: no local engine has it; install Tesseract's \(tesseract) data (apt-get install tesseract-ocr-\(tesseract)) and restart serve"
                    )
                }
                request.reading = .language(tesseract)
            }
        case .generalAccurateOCR:
            let configuration = parameters.string("ConfigID") ?? "OCR"
            guard ["OCR", "MulOCR"].contains(configuration) else {
                throw .cloudAPI(code: CloudAPICode.invalidParameterValue, message: "ConfigID \(configuration) is neither OCR nor MulOCR")
            }
            shape.labelsLineLanguages = configuration == "MulOCR"
            if let words = parameters.string("WordsType"), !["", "0", "1", "2"].contains(words) {
                throw .cloudAPI(code: CloudAPICode.invalidParameterValue, message: "WordsType \(words) is not 0, 1 or 2")
            }
            if parameters.bool("EnableDetectText") == false {
                request.reading = .singleLine
            } else if parameters.bool("EnableDetectSplit") == true {
                request.reading = .split
            }
        case .generalHandwritingOCR:
            if let scene = parameters.string("Scene"), !["", "only_hw"].contains(scene) {
                throw .cloudAPI(code: CloudAPICode.invalidParameterValue, message: "Scene \(scene) is not only_hw")
            }
            if parameters.bool("EnableDetectText") == false { request.reading = .singleLine }
        case .generalFastOCR, .generalEfficientOCR, .textDetect:
            request.reading = .fast
        }
        request.cloudAPI = shape
        if let url = parameters.string("ImageUrl"), !url.isEmpty {
            request.url = url
        } else if let encoded = parameters.string("ImageBase64"), !encoded.isEmpty {
            request.image = try decodeBase64Image(encoded)
        } else {
            throw .cloudAPI(code: CloudAPICode.missingParameter, message: "ImageBase64 and ImageUrl are both empty: send one of them")
        }
        return request
    }

    func answer(_ outcome: Result<Recognition, RequestFailure>, request: AcceptedRequest?) -> (body: JSONValue, code: String) {
        let requestId = JSONValue.string(UUID().uuidString.lowercased())
        let shape = request?.cloudAPI ?? CloudAPIRequest(action: .generalBasicOCR)
        switch (outcome, shape.action) {
        case (.success(let recognition), .textDetect):
            return (["Response": ["HasText": .bool(!recognition.items.isEmpty), "RequestId": requestId]], "OK")
        case (.failure(.noText), .textDetect):
            return (["Response": ["HasText": false, "RequestId": requestId]], "OK")
        case (.success(let recognition), let action):
            var response: JSONObject = ["TextDetections": .array(recognition.items.map { shape.detection($0, in: recognition) })]
            let angle = JSONValue.double(Double(recognition.angle))
            let fields: JSONObject = [
                "Language": .string(shape.language ?? "zh"), "Angel": angle, "Angle": angle, "PdfPageSize": .int(recognition.pdfPageCount ?? 0),
            ]
            for (name, value) in fields where action.answerFields.contains(name) { response[name] = value }
            response["RequestId"] = requestId
            return (["Response": .object(response)], "OK")
        case (.failure(let failure), _):
            let (code, message) = Self.code(for: failure)
            return (["Response": ["Error": ["Code": .string(code), "Message": .string(message)], "RequestId": requestId]], code)
        }
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
        case .shuttingDown: (CloudAPICode.requestLimitExceeded, "the server is shutting down: retry on another instance")
        case .internalError(let message): (CloudAPICode.internalError, message)
        case .legacy(_, let message): (CloudAPICode.internalError, message)
        case .cloudAPI(let code, let message): (code, message)
        }
    }

    private static func jsonParameters(_ body: ByteBuffer, action: CloudAPIAction) throws(RequestFailure) -> CloudAPIParameters {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(body.readableBytesView))
        } catch {
            throw .cloudAPI(code: CloudAPICode.invalidParameter, message: "the body is not valid JSON (\(error.description))")
        }
        guard let object = document.objectValue else { throw .cloudAPI(code: CloudAPICode.invalidParameter, message: "the body must be a JSON object") }
        return try CloudAPIParameters(json: object, action: action)
    }

    private static func invalidAction(_ name: String?) -> RequestFailure {
        .cloudAPI(
            code: CloudAPICode.invalidAction,
            message: "the action \(name ?? "(none)") is not served here: send one of \(CloudAPIAction.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    private static func checkVersion(_ version: String?, action: String) throws(RequestFailure) {
        guard version == TencentCloudEngine.version else {
            throw .cloudAPI(
                code: CloudAPICode.noSuchVersion,
                message: "the version \(version ?? "(none)") does not exist for \(action): send \(TencentCloudEngine.version)")
        }
    }

    /// A request target's path and its query as sent (still percent-encoded).
    private static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}

/// What an API 3.0 request asked of its answer.
struct CloudAPIRequest: Sendable {
    var action: CloudAPIAction
    /// Each line's characters with their confidences and boxes (`IsWords`).
    var wantsWords = false
    /// Each character's four corners, for `GeneralHandwritingOCR` (`EnableWordPolygon`).
    var wantsWordPolygons = false
    /// Each line's language (`ConfigID: MulOCR`).
    var labelsLineLanguages = false
    /// The `LanguageType` asked for, which the answer's `Language` repeats.
    var language: String?

    /// An item as a `TextDetections` entry, as the reference describes it: `Polygon` the line's
    /// corners in the image as received, `ItemPolygon` its box in the image turned upright, its
    /// line confidence the mean of its characters', its paragraph in `AdvancedInfo`, and (when
    /// asked) each character with its confidence and box. `GeneralHandwritingOCR`'s entries
    /// (`TextGeneralHandwriting`) have `WordPolygon` instead of the rest.
    func detection(_ item: OCRItem, in recognition: Recognition) -> JSONValue {
        let box = item.itemcoord
        let corners = item.polygon ?? Self.corners(box)
        var detection: JSONObject = [
            "DetectedText": .string(item.itemstring),
            "Confidence": .int(Int(item.meanConfidence.rounded())),
            "Polygon": Self.points(corners.map(recognition.received)),
            "AdvancedInfo": .string(#"{"Parag":{"ParagNo":\#(item.paragraph ?? 1)}}"#),
        ]
        let characters = item.words.compactMap { word in word.box.map { (word, Self.corners($0).map(recognition.received)) } }
        if action == .generalHandwritingOCR {
            detection["WordPolygon"] = .array(
                wantsWordPolygons
                    ? characters.map { _, points in
                        var corners: JSONObject = [:]
                        for (name, point) in zip(["LeftTop", "RightTop", "RightBottom", "LeftBottom"], points) { corners[name] = Self.point(point) }
                        return .object(corners)
                    } : [])
            return .object(detection)
        }
        detection["ItemPolygon"] = ["X": .int(box.x), "Y": .int(box.y), "Width": .int(box.width), "Height": .int(box.height)]
        detection["Words"] = .array(
            wantsWords ? item.words.map { ["Confidence": .int(Int($0.confidence.rounded())), "Character": .string($0.character)] } : [])
        detection["WordCoordPoint"] = .array(wantsWords ? characters.map { ["WordCoordinate": Self.points($1)] } : [])
        if labelsLineLanguages { detection["Language"] = .string(item.itemstring.unicodeScalars.contains { $0.properties.isIdeographic } ? "zh" : "en") }
        return .object(detection)
    }

    static func corners(_ box: Box) -> [PixelPoint] {
        [(box.x, box.y), (box.maxX, box.y), (box.maxX, box.maxY), (box.x, box.maxY)].map { PixelPoint(x: Double($0.0), y: Double($0.1)) }
    }

    static func point(_ point: PixelPoint) -> JSONValue { ["X": .int(Int(point.x.rounded())), "Y": .int(Int(point.y.rounded()))] }

    static func points(_ points: [PixelPoint]) -> JSONValue { .array(points.map(point)) }
}
