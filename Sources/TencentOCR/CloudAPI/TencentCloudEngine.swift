import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCRPipeline

/// The `tencent-v3` engine: Tencent Cloud API 3.0's general OCR (`GeneralBasicOCR` or
/// `GeneralAccurateOCR`, TC3-HMAC-SHA256 signatures), the API new accounts get — or any server
/// speaking it, such as `ocr-pipeline serve`.
///
/// It shares the legacy engine's calling loop (``ServiceCaller``): pacing, keep-alive,
/// retries. Rate limits and internal errors back off with full jitter; a signature refused as
/// expired is made again once with the server's clock (from the refusal's `Date`);
/// `FailedOperation.ImageNoText` is a success with zero items; arrears, sold-out resources and
/// a service not enabled stop the run; anything else fails the image.
public struct TencentCloudEngine: RecognitionEngine {
    public enum Action: String, ParameterChoice {
        case generalBasicOCR = "GeneralBasicOCR"
        case generalAccurateOCR = "GeneralAccurateOCR"
    }

    /// API 3.0's version of the OCR service.
    public static let version = "2018-11-19"
    /// The service name in the credential scope.
    public static let service = "ocr"
    /// "No more than 10 MB after base64" (the limit has been 3 and 7 MB in earlier docs).
    public static let defaultBase64Limit = 10_000_000

    /// The engine's parameters.
    struct Settings: ParameterGroup {
        @Param(
            "base_url",
            help: "the API 3.0 endpoint (a regional one such as https://ocr.ap-shanghai.tencentcloudapi.com, or a self-hosted ocr-pipeline serve)")
        var baseURL = "https://ocr.tencentcloudapi.com"
        @Param("action", help: "GeneralBasicOCR (general print) or GeneralAccurateOCR (high accuracy, billed higher)")
        var action = Action.generalBasicOCR
        @Param("region", help: "the region sent as X-TC-Region")
        var region = "ap-guangzhou"
        @Param("language", help: "GeneralBasicOCR's LanguageType: zh, zh_rare, auto, mix, jap, kor, ... (unset: the service's default, zh)")
        var language: String?
        @Param("words", help: "ask for each character with its confidence and box (IsWords)")
        var words = true
        @Param("max_base64_bytes", range: 10_000...100_000_000, help: "the largest base64 image the account accepts; fit budgets the body around it")
        var maxBase64Bytes = TencentCloudEngine.defaultBase64Limit
        var service = ServiceParameters()

        init() {}

        /// The action's fields besides the image.
        var template: RequestTemplate {
            var fields: JSONObject = [:]
            if let language { fields["LanguageType"] = .string(language) }
            if words { fields["IsWords"] = true }
            return .cloudAPI(fields: fields)
        }
    }

    public static let descriptor = EngineDescriptor(
        name: "tencent-v3",
        summary: "Tencent Cloud API 3.0 general OCR (GeneralBasicOCR, GeneralAccurateOCR), or a server speaking it.",
        parameters: Settings.parameters, needsPayloads: true,
        profile: { parameters in
            let settings = parameters.decode(Settings.self)
            let envelope = RequestBody.size(settings.template, imageBytes: 0, format: .jpeg)
            return EngineProfile(requestBody: RequestBody.model(settings.template, limit: envelope + settings.maxBase64Bytes), viewLimits: .service)
        }
    ) { parameters, context in
        let settings = parameters.decode(Settings.self)
        if settings.language != nil, settings.action != .generalBasicOCR {
            throw StageConfigurationError(
                parameter: settings.$language.name, problem: "only GeneralBasicOCR takes a LanguageType; remove language or use that action")
        }
        let url = try ServiceParameters.url(settings.baseURL)
        return TencentCloudEngine(
            url: url, action: settings.action, region: settings.region, template: settings.template,
            credentials: try settings.service.credentials(appid: nil, context: context), caller: settings.service.caller(context: context))
    }

    let api: CloudAPI
    let caller: ServiceCaller

    init(
        url: URL, action: Action, region: String, template: RequestTemplate, credentials: Credential, caller: ServiceCaller,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        api = CloudAPI(url: url, action: action, region: region, template: template, credentials: credentials, clock: ServerClock(local: clock))
        self.caller = caller
    }

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        try await caller.recognize(view, with: api, context: context)
    }
}

/// API 3.0's requests (TC3-signed JSON with `X-TC-*` headers) and answers (`Response` with
/// `TextDetections`, or `Error` with a code).
struct CloudAPI: ServiceAPI {
    let url: URL
    let action: TencentCloudEngine.Action
    let region: String
    let template: RequestTemplate
    let credentials: Credential
    let clock: ServerClock

    var endpoint: String { url.absoluteString }

    /// `host[:port]`, as the request's `Host` header carries it (and the signature covers it).
    var host: String {
        guard let port = url.port else { return url.host ?? "" }
        return "\(url.host ?? ""):\(port)"
    }

    func request(for payload: Payload) async throws -> HTTPClientRequest {
        let body = try RequestBody.make(template, image: payload.bytes, format: payload.format)
        let timestamp = Int(clock.now().timeIntervalSince1970)
        let signed: [(name: String, value: String)] = [("Content-Type", body.contentType), ("Host", host), ("X-TC-Action", action.rawValue)]
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for header in signed { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(name: "X-TC-Version", value: TencentCloudEngine.version)
        request.headers.add(name: "X-TC-Timestamp", value: String(timestamp))
        request.headers.add(name: "X-TC-Region", value: region)
        if let token = credentials.token { request.headers.add(name: "X-TC-Token", value: token) }
        request.headers.add(
            name: "Authorization",
            value: TC3Signature.authorization(
                secretId: credentials.secretId, secretKey: credentials.secretKey, service: TencentCloudEngine.service,
                timestamp: timestamp, headers: signed, body: body.bytes))
        request.body = .bytes(ByteBuffer(bytes: body.bytes))
        return request
    }

    func verdict(status: Int, headers: HTTPHeaders, body: Data) -> ServiceVerdict? {
        switch CloudAPIResponse(body: body) {
        case nil: return nil
        case .detections(let items, let requestId)?:
            return .success(ViewRecognition(items: items, status: items.isEmpty ? .noText : .ok, record: ["request_id": .string(requestId)]))
        case .error(let code, let message, let requestId)?:
            let answer = "\(code): \(message) (RequestId \(requestId))"
            let rejected = CloudAPIError.rejected(code: code, message: message, requestId: requestId)
            switch CloudAPICode.policy(code) {
            case .success: return .success(ViewRecognition(items: [], status: .noText, record: ["request_id": .string(requestId)]))
            case .retry: return .retry(answer, rateLimited: code == CloudAPICode.requestLimitExceeded)
            case .resign: return .resign(answer, otherwise: rejected)
            case .stopRun:
                let reason: ServiceStopped.Reason =
                    switch code {
                    case CloudAPICode.inArrears: .inArrears
                    case CloudAPICode.serviceNotEnabled: .notEnabled
                    default: .quotaUsedUp
                    }
                return .stopRun(ServiceStopped(reason, answer: answer))
            case .failImage: return .fail(rejected)
            }
        }
    }

    func resign(stale: HTTPClientRequest, answer: HTTPHeaders) async {
        if let date = answer.first(name: "Date").flatMap(ServerClock.httpDate) { clock.adjust(serverNow: date) }
    }
}
