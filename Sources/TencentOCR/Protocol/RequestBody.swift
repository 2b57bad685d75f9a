import Foundation
import MultipartKit
import NIOCore
import OCRPipeline

/// The body of a general-OCR request (either API), built by the one function that both the `fit`
/// stage (to budget) and the engines (to send) use, so the two can never disagree.
public struct RequestBody: Sendable {
    public var bytes: Data
    public var contentType: String

    /// Multipart boundaries are always this long, so a body's size does not depend on the
    /// random boundary chosen for it.
    static let boundaryLength = 40

    /// A fresh random boundary of ``boundaryLength`` characters.
    public static func makeBoundary() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return "ocrpipeline" + String((0..<(boundaryLength - 11)).map { _ in alphabet.randomElement()! })
    }

    /// The request body that carries `image` (a JPEG, PNG or BMP) as `template` says.
    public static func make(_ template: RequestTemplate, image: Data, format: ImageFormat, boundary: String = makeBoundary()) throws -> RequestBody {
        switch template {
        case .legacy(.json, _, _), .cloudAPI:
            let (before, after) = jsonEnvelope(template)
            var body = Data(capacity: before.count + base64Length(image.count) + after.count)
            body.append(before)
            body.append(image.base64EncodedData())
            body.append(after)
            return RequestBody(bytes: body, contentType: "application/json")
        case .legacy(.multipart, _, _):
            precondition(boundary.utf8.count == boundaryLength, "multipart boundaries have a fixed length")
            var buffer = ByteBufferAllocator().buffer(capacity: image.count + 1024)
            try MultipartSerializer().serialize(parts: multipartParts(template, image: image, format: format), boundary: boundary, into: &buffer)
            return RequestBody(bytes: Data(buffer.readableBytesView), contentType: "multipart/form-data; boundary=\(boundary)")
        }
    }

    /// The exact size of ``make(_:image:format:boundary:)``'s body for an image of
    /// `imageBytes` bytes, computed without the image.
    public static func size(_ template: RequestTemplate, imageBytes: Int, format: ImageFormat) -> Int {
        switch template {
        case .legacy(.json, _, _), .cloudAPI:
            let (before, after) = jsonEnvelope(template)
            return before.count + base64Length(imageBytes) + after.count
        case .legacy(.multipart, _, _):
            let placeholderBoundary = String(repeating: "x", count: boundaryLength)
            var buffer = ByteBufferAllocator().buffer(capacity: 512)
            // Serialising the same parts with an empty image; the image bytes add linearly.
            try? MultipartSerializer().serialize(parts: multipartParts(template, image: Data(), format: format), boundary: placeholderBoundary, into: &buffer)
            return buffer.readableBytes + imageBytes
        }
    }

    /// The body as `fit` budgets it, within the service's `limit`.
    public static func model(_ template: RequestTemplate, limit: Int) -> RequestBodyModel {
        RequestBodyModel(transport: template.transport.rawValue, limit: limit) { imageBytes, format in size(template, imageBytes: imageBytes, format: format) }
    }

    /// The largest image that keeps the body at or under `budget` bytes.
    public static func maximumImageBytes(_ template: RequestTemplate, budget: Int, format: ImageFormat) -> Int {
        let overhead = size(template, imageBytes: 0, format: format)
        switch template.transport {
        case .json: return max(0, (budget - overhead) / 4 * 3)
        case .multipart: return max(0, budget - overhead)
        }
    }

    static func base64Length(_ bytes: Int) -> Int { (bytes + 2) / 3 * 4 }

    /// The JSON body split around the base64 image: `{"appid":"…","bucket":"…","image":"` and
    /// `"}` for the legacy API, `{…the action's fields…,"ImageBase64":"` and `"}` for API 3.0.
    private static func jsonEnvelope(_ template: RequestTemplate) -> (Data, Data) {
        var fields: JSONObject
        let imageKey: String
        switch template {
        case .legacy(_, let appid, let bucket):
            fields = ["appid": .string(appid)]
            if let bucket { fields["bucket"] = .string(bucket) }
            imageKey = "image"
        case .cloudAPI(let actionFields):
            fields = actionFields
            imageKey = "ImageBase64"
        }
        fields[imageKey] = ""
        let text = JSONValue.object(fields).serialized()
        let marker = "\"\(imageKey)\":\"\""
        let split = text.range(of: marker, options: .backwards)!
        let before = text[..<split.lowerBound] + "\"\(imageKey)\":\""
        return (Data(before.utf8), Data("\"}".utf8))
    }

    private static func multipartParts(_ template: RequestTemplate, image: Data, format: ImageFormat) -> [MultipartPart] {
        guard case .legacy(_, let appid, let bucket) = template else { preconditionFailure("API 3.0 takes JSON bodies only") }
        var parts = [MultipartPart(headers: ["Content-Disposition": "form-data; name=\"appid\""], body: appid)]
        if let bucket {
            parts.append(MultipartPart(headers: ["Content-Disposition": "form-data; name=\"bucket\""], body: bucket))
        }
        parts.append(
            MultipartPart(
                headers: [
                    "Content-Disposition": "form-data; name=\"image\"; filename=\"image.\(format.fileExtension)\"",
                    "Content-Type": format.mimeType,
                ],
                body: image))
        return parts
    }
}

extension ImageFormat {
    /// The media type sent with the image.
    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .bmp: "image/bmp"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .tiff: "image/tiff"
        case .heif: "image/heic"
        case .avif: "image/avif"
        case .jp2: "image/jp2"
        case .pdf: "application/pdf"
        }
    }
}
