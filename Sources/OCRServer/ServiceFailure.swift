import OCRPipeline

/// A request that ends with a service error code (HTTP 200, `code ≠ 0`, as the legacy API does).
struct ServiceFailure: Error, Sendable {
    let code: Int
    let message: String

    init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }
}
