import Foundation
import OCRPipeline

/// The parameters both Tencent engines take, declared once.
struct ServiceParameters: ParameterGroup {
    @Param(
        "credentials_file",
        help:
            "JSON file with secret_id and secret_key (and token for temporary keys); default: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SESSION_TOKEN"
    )
    var credentialsFile: String?
    @Param("qps", range: 0.1...10_000, help: "requests per second, shared by all workers")
    var qps = 10.0
    @Param("max_in_flight", range: 1...1024, help: "requests in flight at once, shared by all workers")
    var maxInFlight = 4
    @Param("timeout", range: 1...3600, help: "seconds one request may take")
    var timeout = 30.0
    @Param("image_deadline", range: 1...86_400, help: "seconds one image may take, retries included")
    var imageDeadline = 300.0
    @Param("max_attempts", range: 1...100, help: "attempts per view before giving up on a retryable failure")
    var maxAttempts = 6
    @Param("keep_alive", help: "reuse connections; off sends Connection: close (for proxies that mishandle keep-alive)")
    var keepAlive = true

    init() {}

    /// The calling loop these parameters describe. Worker processes each hold one: each gets
    /// its share of the run-wide limits.
    func caller(context: StageDescriptor.BuildContext) -> ServiceCaller {
        ServiceCaller(
            qps: qps / Double(context.processShare), maxInFlight: max(1, maxInFlight / context.processShare),
            timeout: timeout, imageDeadline: imageDeadline, maxAttempts: maxAttempts, reuseConnections: keepAlive)
    }

    /// The keys, registered as secrets so no printout shows them.
    func credentials(appid: String?, context: StageDescriptor.BuildContext) throws -> Credential {
        let credentials = try Credential.resolve(
            file: credentialsFile, appid: appid, environment: context.environment, baseDirectory: context.baseDirectory)
        context.secrets.add(credentials.secretKey)
        context.secrets.add(credentials.secretId)
        if let token = credentials.token { context.secrets.add(token) }
        return credentials
    }

    /// `base_url` as a URL, or the configuration error that says why not.
    static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw StageConfigurationError(parameter: "base_url", problem: "\(text) is not an http(s) URL")
        }
        return url
    }
}
