import OCRPipeline

/// How the image travels in the request body.
public enum Transport: String, ParameterChoice {
    /// `application/json` with the image as base64 (4/3 of its size).
    case json
    /// `multipart/form-data` with the image as raw bytes.
    case multipart
}

/// Everything besides the image that shapes a request body, for either API: enough to compute
/// the exact body size for a given image before encoding it.
public enum RequestTemplate: Sendable, Hashable {
    /// The legacy API: `appid`, an optional `bucket` and the image, as JSON or multipart.
    case legacy(transport: Transport, appid: String, bucket: String?)
    /// API 3.0: a JSON object with the action's fields and `ImageBase64`.
    case cloudAPI(fields: JSONObject)

    /// How the image travels (API 3.0 takes JSON only).
    public var transport: Transport {
        switch self {
        case .legacy(let transport, _, _): transport
        case .cloudAPI: .json
        }
    }

    /// Used when no engine in the pipeline declares its request: the legacy API's body with the
    /// longest appid the service issues and a long bucket name, so the budget holds for any account.
    public static func worstCase(_ transport: Transport) -> RequestTemplate {
        .legacy(transport: transport, appid: "1234567890", bucket: String(repeating: "b", count: 40))
    }
}
