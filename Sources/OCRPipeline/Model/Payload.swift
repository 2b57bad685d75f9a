import Foundation

/// Encoded image bytes ready to send to the service.
public struct Payload: Sendable {
    public var bytes: Data
    public var format: ImageFormat
    /// Size of the whole request body that will carry these bytes.
    public var bodyBytes: Int

    public init(bytes: Data, format: ImageFormat, bodyBytes: Int) {
        self.bytes = bytes
        self.format = format
        self.bodyBytes = bodyBytes
    }
}
