import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OCRPipeline

/// The `tencent` engine: the signed call to Tencent Cloud's legacy general-OCR API, or to any
/// server that speaks it (such as `ocr-pipeline serve`).
///
/// All workers share one engine value: one keep-alive connection pool, one cached signature,
/// one pacer (``ServiceCaller``, shared with the API 3.0 engine). Retries follow docs/protocol-legacy.md's
/// table: back off with full jitter on 15, 107, 108, 213, −1308, network errors and timeouts
/// (−9003 once); sign again once on 9 and 13; stop the run on 25 and on arrears; fail the
/// image on anything else.
public struct TencentEngine: RecognitionEngine {
    /// The engine's parameters.
    struct Settings: ParameterGroup {
        @Param("base_url", help: "the service's address (a self-hosted ocr-pipeline serve, a proxy, ...)")
        var baseURL = "https://recognition.image.myqcloud.com"
        @Param("appid", required: true, help: "the account's APPID")
        var appid: String?
        @Param("bucket", help: "the bucket, when the account uses one")
        var bucket: String?
        @Param("transport", help: "json (image as base64) or multipart (image as bytes); fit budgets the same body")
        var transport = Transport.json
        var service = ServiceParameters()
        @Param("signature_lifetime", range: 30...7_776_000, help: "seconds a signature stays valid; it is cached and renewed shortly before it expires")
        var signatureLifetime = 3600
        @Param("cache_signature", help: "reuse the signature until shortly before it expires; off signs every request anew")
        var cacheSignature = true

        init() {}

        var template: RequestTemplate { .legacy(transport: transport, appid: appid ?? "", bucket: bucket) }
    }

    public static let descriptor = EngineDescriptor(
        name: "tencent",
        summary: "The signed call to Tencent Cloud's legacy general-OCR API, or a server speaking it.",
        parameters: Settings.parameters, needsPayloads: true,
        profile: { parameters in
            EngineProfile(requestBody: RequestBody.model(parameters.decode(Settings.self).template, limit: RequestBodyModel.legacyLimit), viewLimits: .service)
        }
    ) { parameters, context in
        let settings = parameters.decode(Settings.self)
        let credentials = try settings.service.credentials(appid: settings.appid ?? "", context: context)
        _ = try ServiceParameters.url(settings.baseURL)
        return TencentEngine(
            endpoint: Self.endpoint(base: settings.baseURL), template: settings.template, credentials: credentials,
            caller: settings.service.caller(context: context), signatureLifetime: settings.signatureLifetime, cacheSignature: settings.cacheSignature)
    }

    let api: LegacyAPI
    let caller: ServiceCaller

    /// Signatures made so far (1 for a whole run when caching, unless it ran past expiry).
    public var signaturesMade: Int { get async { await api.signatures.signaturesMade } }

    init(
        endpoint: String, template: RequestTemplate, credentials: Credential, caller: ServiceCaller, signatureLifetime: Int,
        cacheSignature: Bool = true, clock: @escaping @Sendable () -> Date = Date.init
    ) {
        guard case .legacy(_, let appid, let bucket) = template else { preconditionFailure("the tencent engine sends the legacy API's body") }
        api = LegacyAPI(
            endpoint: endpoint, template: template, cacheSignature: cacheSignature,
            signatures: SignatureCache(appid: appid, bucket: bucket, credentials: credentials, lifetime: signatureLifetime, clock: clock))
        self.caller = caller
    }

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        try await caller.recognize(view, with: api, context: context)
    }

    /// `<base>/ocr/general`, unless the base already names the endpoint.
    static func endpoint(base: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed.hasSuffix("/ocr/general") ? trimmed : trimmed + "/ocr/general"
    }
}

/// The legacy API's requests (the multi-effective signature in `Authorization`, the body of
/// ``RequestBody``) and answers (an integer `code`, read whatever the HTTP status).
struct LegacyAPI: ServiceAPI {
    let endpoint: String
    let template: RequestTemplate
    let cacheSignature: Bool
    let signatures: SignatureCache

    func request(for payload: Payload) async throws -> HTTPClientRequest {
        let body = try RequestBody.make(template, image: payload.bytes, format: payload.format)
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: await signatures.signature(fresh: !cacheSignature))
        request.headers.add(name: "Content-Type", value: body.contentType)
        request.body = .bytes(ByteBuffer(bytes: body.bytes))
        return request
    }

    func verdict(status: Int, headers: HTTPHeaders, body: Data) -> ServiceVerdict? {
        guard let response = ServiceResponse(body: body) else { return nil }
        let answer = "code \(response.code) \(response.message)"
        let rejected = TencentError.rejected(code: response.code, message: response.message)
        switch ServiceCode.policy(code: response.code, message: response.message) {
        case .success:
            return .success(ViewRecognition(items: response.items, status: ServiceStatus(code: response.code, message: response.message)))
        case .resign: return .resign(answer, otherwise: rejected)
        case .stopRun: return .stopRun(ServiceStopped(response.code == ServiceCode.quotaUsedUp ? .quotaUsedUp : .inArrears, answer: answer))
        case .retry where response.code == ServiceCode.ocrFailed: return .retryOnce(answer, otherwise: rejected)
        case .retry: return .retry(answer, rateLimited: response.code == ServiceCode.tooFrequent)
        case .failImage: return .fail(rejected)
        }
    }

    func resign(stale: HTTPClientRequest, answer: HTTPHeaders) async {
        if let signature = stale.headers.first(name: "Authorization") { await signatures.renew(replacing: signature) }
    }
}
