import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The `tencent` engine: the signed call to Tencent Cloud's legacy general-OCR API, or to any
/// server that speaks it (such as `ocr-pipeline serve`).
///
/// All workers share one engine value: one keep-alive connection pool, one cached signature,
/// one pacer (requests per second and in flight, slowed down for everyone on code 15).
/// Retries follow PROTOCOL.md's table: back off with full jitter on 15, 107, 108, 213, −1308,
/// network errors and timeouts (−9003 once); sign again once on 9 and 13; stop the run on 25 and
/// on arrears; fail the image on anything else.
public struct TencentEngine: RecognitionEngine {
    public static let baseURL = Parameter.string("base_url", default: "https://recognition.image.myqcloud.com",
        help: "the service's address (a self-hosted ocr-pipeline serve, a proxy, ...)")
    public static let appid = Parameter.optionalString("appid", required: true, help: "the account's APPID")
    public static let bucket = Parameter.optionalString("bucket", help: "the bucket, when the account uses one")
    public static let transport = Parameter.choice("transport", ["json", "multipart"], default: "json",
        help: "json (image as base64) or multipart (image as bytes); fit budgets the same body")
    public static let credentialsFile = Parameter.optionalString("credentials_file",
        help: "JSON file with secret_id and secret_key (default: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY)")
    public static let qps = Parameter.number("qps", default: 10, range: 0.1...10_000, help: "requests per second, shared by all workers")
    public static let maxInFlight = Parameter.integer("max_in_flight", default: 4, range: 1...1024, help: "requests in flight at once, shared by all workers")
    public static let timeout = Parameter.number("timeout", default: 30, range: 1...3600, help: "seconds one request may take")
    public static let imageDeadline = Parameter.number("image_deadline", default: 300, range: 1...86_400, help: "seconds one image may take, retries included")
    public static let maxAttempts = Parameter.integer("max_attempts", default: 6, range: 1...100, help: "attempts per view before giving up on a retryable failure")
    public static let signatureLifetime = Parameter.integer("signature_lifetime", default: 3600, range: 30...7_776_000,
        help: "seconds a signature stays valid; it is cached and renewed shortly before it expires")
    public static let cacheSignature = Parameter.boolean("cache_signature", default: true,
        help: "reuse the signature until shortly before it expires; off signs every request anew")
    public static let keepAlive = Parameter.boolean("keep_alive", default: true,
        help: "reuse connections; off sends Connection: close (for proxies that mishandle keep-alive)")

    public static let descriptor = EngineDescriptor(
        name: "tencent",
        summary: "The signed call to Tencent Cloud's legacy general-OCR API, or a server speaking it.",
        parameters: [baseURL.spec, appid.spec, bucket.spec, transport.spec, credentialsFile.spec, qps.spec, maxInFlight.spec,
                     timeout.spec, imageDeadline.spec, maxAttempts.spec, signatureLifetime.spec, cacheSignature.spec, keepAlive.spec],
        needsPayloads: true,
        profile: { parameters in
            EngineProfile(requestTemplate: RequestTemplate(transport: Transport(rawValue: parameters[transport]) ?? .json,
                                                           appid: parameters[appid] ?? "", bucket: parameters[bucket]),
                          viewLimits: .service)
        }
    ) { parameters, context in
        let appidValue = parameters[appid] ?? ""
        let credentials = try TencentCredentials.resolve(file: parameters[credentialsFile], appid: appidValue,
                                                         environment: context.environment, baseDirectory: context.baseDirectory)
        context.secrets.add(credentials.secretKey)
        context.secrets.add(credentials.secretId)
        guard let url = URL(string: parameters[baseURL]), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw StageConfigurationError(parameter: "base_url", problem: "\(parameters[baseURL]) is not an http(s) URL")
        }
        return TencentEngine(
            endpoint: Self.endpoint(base: parameters[baseURL]),
            template: RequestTemplate(transport: Transport(rawValue: parameters[transport]) ?? .json, appid: appidValue, bucket: parameters[bucket]),
            // Worker processes each hold a pacer: each gets its share of the run-wide limits.
            credentials: credentials, qps: parameters[qps] / Double(context.processShare),
            maxInFlight: max(1, parameters[maxInFlight] / context.processShare), timeout: parameters[timeout],
            imageDeadline: parameters[imageDeadline], maxAttempts: parameters[maxAttempts], signatureLifetime: parameters[signatureLifetime],
            reuseConnections: parameters[keepAlive], cacheSignature: parameters[cacheSignature])
    }

    let endpoint: String
    let template: RequestTemplate
    let signatures: SignatureCache

    /// Signatures made so far (1 for a whole run when caching, unless it ran past expiry).
    public var signaturesMade: Int { get async { await signatures.signaturesMade } }
    let pacer: RequestPacer
    let timeout: Double
    let imageDeadline: Double
    let maxAttempts: Int
    let backoff: Backoff
    let client: HTTPClient
    let clock: @Sendable () -> Date
    let reuseConnections: Bool
    let cacheSignature: Bool

    init(endpoint: String, template: RequestTemplate, credentials: TencentCredentials, qps: Double, maxInFlight: Int, timeout: Double,
         imageDeadline: Double, maxAttempts: Int, signatureLifetime: Int, backoff: Backoff = Backoff(),
         client: HTTPClient = .shared, clock: @escaping @Sendable () -> Date = Date.init, reuseConnections: Bool = true, cacheSignature: Bool = true) {
        self.reuseConnections = reuseConnections
        self.cacheSignature = cacheSignature
        self.endpoint = endpoint
        self.template = template
        signatures = SignatureCache(appid: template.appid, bucket: template.bucket, credentials: credentials, lifetime: signatureLifetime, clock: clock)
        pacer = RequestPacer(rate: qps, maxInFlight: maxInFlight)
        self.timeout = timeout
        self.imageDeadline = imageDeadline
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.client = client
        self.clock = clock
    }

    public func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition {
        guard let payload = view.payload else { throw TencentError.missingPayload }
        let started = ContinuousClock.now
        let deadline = started + .seconds(imageDeadline)
        var attempts = 0, retries = 0, resigned = false, ocrFailedRetried = false
        var last = ""
        while true {
            try Task.checkCancellation()
            attempts += 1
            let signature = await signatures.signature(fresh: !cacheSignature)
            let outcome = await send(payload, signature: signature, deadline: deadline)
            switch outcome {
            case .answer(let response):
                last = "code \(response.code) \(response.message)"
                switch ServiceCode.policy(code: response.code, message: response.message) {
                case .success:
                    await pacer.recovered()
                    return ViewRecognition(items: response.items, status: ServiceStatus(code: response.code, message: response.message),
                                           record: ["attempts": .int(attempts), "seconds": .double(Self.seconds(since: started))])
                case .resign where !resigned:
                    resigned = true
                    await signatures.renew(replacing: signature)
                    continue
                case .stopRun:
                    throw ServiceStopped(serviceCode: response.code, message: response.message)
                case .retry where response.code == ServiceCode.ocrFailed && ocrFailedRetried:
                    throw TencentError.rejected(code: response.code, message: response.message)
                case .retry:
                    if response.code == ServiceCode.ocrFailed { ocrFailedRetried = true }
                    if response.code == ServiceCode.tooFrequent { await pacer.slowDown() }
                case .resign, .failImage:
                    throw TencentError.rejected(code: response.code, message: response.message)
                }
            case .transportFailure(let description):
                last = description
            case .notTheService(let status):
                throw TencentError.notTheService(status: status, endpoint: endpoint)
            }
            // A retryable failure: back off, within the attempts and the image's deadline.
            guard attempts < maxAttempts else { throw TencentError.gaveUp(attempts: attempts, last: last) }
            retries += 1
            let pause = backoff.delay(beforeRetry: retries)
            guard ContinuousClock.now + .seconds(pause) < deadline else { throw TencentError.deadline(seconds: imageDeadline, last: last) }
            context.log("retry \(retries) in \(String(format: "%.2f", pause)) s after \(last)")
            try await Task.sleep(for: .seconds(pause))
        }
    }

    enum Outcome {
        case answer(ServiceResponse)
        /// Worth retrying: the network, a timeout, a proxy's 5xx page.
        case transportFailure(String)
        /// A client-error status without the service's JSON (a 404 from a wrong `base_url`):
        /// retrying cannot help.
        case notTheService(status: Int)
    }

    /// One request: paced, signed, with a per-request timeout. The JSON `code` is read whatever
    /// the HTTP status.
    func send(_ payload: Payload, signature: String, deadline: ContinuousClock.Instant) async -> Outcome {
        await pacer.begin()
        defer { Task { await pacer.end() } }
        do {
            let body = try RequestBody.make(template, image: payload.bytes, format: payload.format)
            var request = HTTPClientRequest(url: endpoint)
            request.method = .POST
            request.headers.add(name: "Authorization", value: signature)
            request.headers.add(name: "Content-Type", value: body.contentType)
            if !reuseConnections { request.headers.add(name: "Connection", value: "close") }
            request.body = .bytes(ByteBuffer(bytes: body.bytes))
            let remaining = max(0.1, Self.seconds(deadline - ContinuousClock.now))
            let response = try await client.execute(request, timeout: .milliseconds(Int64(min(timeout, remaining) * 1000)))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            guard let answer = ServiceResponse(body: Data(bytes.readableBytesView)) else {
                let status = Int(response.status.code)
                if (400..<500).contains(status) && status != 408 && status != 429 { return .notTheService(status: status) }
                return .transportFailure("HTTP \(status) without a JSON code")
            }
            return .answer(answer)
        } catch {
            return .transportFailure("network: \(error)")
        }
    }

    /// `<base>/ocr/general`, unless the base already names the endpoint.
    static func endpoint(base: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed.hasSuffix("/ocr/general") ? trimmed : trimmed + "/ocr/general"
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        (seconds(ContinuousClock.now - start) * 1000).rounded() / 1000
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
