/// How the image travels in the request body.
public enum Transport: String, Sendable, CaseIterable {
    /// `application/json` with the image as base64 (4/3 of its size).
    case json
    /// `multipart/form-data` with the image as raw bytes.
    case multipart
}

/// Everything besides the image that shapes the request body: enough to compute the exact
/// body size for a given image before encoding it.
public struct RequestTemplate: Sendable, Hashable {
    public var transport: Transport
    public var appid: String
    public var bucket: String?

    public init(transport: Transport, appid: String, bucket: String?) {
        self.transport = transport
        self.appid = appid
        self.bucket = bucket
    }

    /// Used when no engine in the pipeline declares its request: the longest appid the
    /// service issues and a long bucket name, so the budget holds for any account.
    public static func worstCase(_ transport: Transport) -> RequestTemplate {
        RequestTemplate(transport: transport, appid: "1234567890", bucket: String(repeating: "b", count: 40))
    }
}
