import Foundation
import OCRPipeline

/// A legacy general-OCR response, read leniently as every SDK does: `code` whatever the HTTP
/// status, items as ``OCRItem/list(fromServiceJSON:)`` reads them.
public struct ServiceResponse: Sendable {
    public var code: Int
    public var message: String
    public var items: [OCRItem]

    /// `nil` when the body is not a JSON object with an integer `code`.
    public init?(body: Data) {
        guard let document = try? JSONValue.parse(body), let code = document["code"]?.intValue else { return nil }
        self.code = code
        message = document["message"]?.stringValue ?? ""
        items = OCRItem.list(fromServiceJSON: document["data"]?["items"]?.arrayValue ?? [])
    }
}
