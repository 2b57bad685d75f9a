import Foundation
import MultipartKit
import NIOCore
import OCRPipeline

/// A general-OCR request's fields, from a JSON or a multipart body.
struct OCRRequest: Sendable {
    var appid: String?
    var bucket: String?
    var image: Data?
    var url: String?

    /// Parses the body by its content type. Accepts what real clients send: `charset` on JSON,
    /// an appid as a number, multipart parts in any order, with or without filename, part
    /// Content-Type or per-part Content-Length.
    static func parse(_ body: ByteBuffer, contentType: String?) throws(ServiceFailure) -> OCRRequest {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            return try parseMultipart(body, contentType: contentType ?? "")
        }
        if type.hasPrefix("application/json") || type.isEmpty || type.hasPrefix("text/json") {
            return try parseJSON(body)
        }
        throw ServiceFailure(ServiceCode.invalidParameter, "unsupported Content-Type \(contentType ?? ""): send application/json or multipart/form-data")
    }

    private static func text(_ value: JSONValue?) -> String? {
        if let string = value?.stringValue { return string }
        if let number = value?.intValue { return String(number) }
        return nil
    }

    static func parseJSON(_ body: ByteBuffer) throws(ServiceFailure) -> OCRRequest {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(body.readableBytesView))
        } catch {
            throw ServiceFailure(ServiceCode.invalidParameter, "request body is not valid JSON (\(error.description))")
        }
        var request = OCRRequest(appid: text(document["appid"]), bucket: text(document["bucket"]), url: text(document["url"]))
        if var encoded = document["image"]?.stringValue {
            // Browsers and some SDKs send a data URL (`data:image/jpeg;base64,...`); MIME
            // encoders break lines every 76 characters (skipped as unknown characters).
            if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") { encoded = String(encoded[encoded.index(after: comma)...]) }
            guard let image = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw ServiceFailure(ServiceCode.imageDecodeFailed, "image is not valid base64")
            }
            request.image = image
        }
        return request
    }

    static func parseMultipart(_ body: ByteBuffer, contentType: String) throws(ServiceFailure) -> OCRRequest {
        guard let boundary = Self.boundary(in: contentType) else {
            throw ServiceFailure(ServiceCode.invalidParameter, "multipart Content-Type has no boundary")
        }
        var fields: [String: Data] = [:]
        var name: String?
        var current = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition" { name = Self.parameter("name", in: value) }
        }
        parser.onBody = { chunk in current.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            if let name { fields[name] = current }
            name = nil
            current = Data()
        }
        do {
            try parser.execute(body)
        } catch {
            throw ServiceFailure(ServiceCode.invalidParameter, "multipart body cannot be parsed (\(error))")
        }
        func string(_ key: String) -> String? {
            fields[key].map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return OCRRequest(appid: string("appid"), bucket: string("bucket"), image: fields["image"], url: string("url"))
    }

    static func boundary(in contentType: String) -> String? {
        parameter("boundary", in: contentType)
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
