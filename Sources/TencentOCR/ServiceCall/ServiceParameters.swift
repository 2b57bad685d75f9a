import Foundation
import OCRPipeline

/// The parameters both Tencent engines take, declared once.
enum ServiceParameters {
    static let credentialsFile = Parameter.optionalString(
        "credentials_file",
        help:
            "JSON file with secret_id and secret_key (and token for temporary keys); default: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_SESSION_TOKEN"
    )
    static let qps = Parameter.number("qps", default: 10, range: 0.1...10_000, help: "requests per second, shared by all workers")
    static let maxInFlight = Parameter.integer("max_in_flight", default: 4, range: 1...1024, help: "requests in flight at once, shared by all workers")
    static let timeout = Parameter.number("timeout", default: 30, range: 1...3600, help: "seconds one request may take")
    static let imageDeadline = Parameter.number("image_deadline", default: 300, range: 1...86_400, help: "seconds one image may take, retries included")
    static let maxAttempts = Parameter.integer("max_attempts", default: 6, range: 1...100, help: "attempts per view before giving up on a retryable failure")
    static let keepAlive = Parameter.boolean(
        "keep_alive", default: true,
        help: "reuse connections; off sends Connection: close (for proxies that mishandle keep-alive)")

    static var specs: [ParameterSpec] {
        [credentialsFile.spec, qps.spec, maxInFlight.spec, timeout.spec, imageDeadline.spec, maxAttempts.spec, keepAlive.spec]
    }

    /// The calling loop these parameters describe. Worker processes each hold one: each gets
    /// its share of the run-wide limits.
    static func caller(_ parameters: StageParameters, context: StageDescriptor.BuildContext) -> ServiceCaller {
        ServiceCaller(
            qps: parameters[qps] / Double(context.processShare), maxInFlight: max(1, parameters[maxInFlight] / context.processShare),
            timeout: parameters[timeout], imageDeadline: parameters[imageDeadline], maxAttempts: parameters[maxAttempts],
            reuseConnections: parameters[keepAlive])
    }

    /// The keys, registered as secrets so no printout shows them.
    static func credentials(_ parameters: StageParameters, appid: String?, context: StageDescriptor.BuildContext) throws -> Credential {
        let credentials = try Credential.resolve(
            file: parameters[credentialsFile], appid: appid, environment: context.environment,
            baseDirectory: context.baseDirectory)
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
