/// The request body an engine sends to its service, as `fit` budgets it: the body's exact size
/// for an image of so many bytes (computed by the same code that builds the request), and the
/// largest body the service takes. An engine that calls a service declares it in its
/// ``EngineProfile``.
public struct RequestBodyModel: Sendable {
    /// How the image travels, for `fit`'s record (`json`, `multipart`).
    public var transport: String
    /// The largest body the service takes: what `fit` budgets unless told otherwise.
    public var limit: Int
    /// The whole body's size for an image of `imageBytes` bytes in `format`.
    public var size: @Sendable (_ imageBytes: Int, _ format: ImageFormat) -> Int

    public init(transport: String, limit: Int, size: @escaping @Sendable (_ imageBytes: Int, _ format: ImageFormat) -> Int) {
        self.transport = transport
        self.limit = limit
        self.size = size
    }

    /// The largest image whose body stays within `budget` (a body only grows with the image).
    public func maximumImageBytes(budget: Int, format: ImageFormat) -> Int {
        var low = 0, high = max(0, budget)
        while low < high {
            let middle = (low + high + 1) / 2
            if size(middle, format) <= budget { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The legacy API's limit on the whole body, the budget when no engine declares one.
    public static let legacyLimit = 6_000_000

    /// For `fit` with no engine that sends a body (preprocessing for an uploader of one's own):
    /// the legacy API's JSON body with the longest appid the service issues and a 40-character
    /// bucket, so the budget holds for any account; or, as multipart, the image plus 1 KiB for the
    /// parts' headers, more than any the `tencent` engine writes (its tests check).
    public static func standalone(multipart: Bool) -> RequestBodyModel {
        if multipart { return RequestBodyModel(transport: "multipart", limit: legacyLimit) { imageBytes, _ in imageBytes + 1024 } }
        let envelope = JSONValue.object(["appid": "1234567890", "bucket": .string(String(repeating: "b", count: 40)), "image": ""]).serialized().utf8.count
        return RequestBodyModel(transport: "json", limit: legacyLimit) { imageBytes, _ in envelope + (imageBytes + 2) / 3 * 4 }
    }
}
