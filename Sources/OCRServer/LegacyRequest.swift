import Foundation
import MultipartKit
import NIOCore
import OCRPipeline

/// A legacy general-OCR request's fields, from a JSON or a multipart body.
struct LegacyRequest: Sendable {
    var appid: String?
    var bucket: String?
    var image: Data?
    var url: String?

    /// Parses the body by its content type. Accepts what real clients send: `charset` on JSON,
    /// an appid as a number, multipart parts in any order, with or without filename, part
    /// Content-Type or per-part Content-Length.
    static func parse(_ body: ByteBuffer, contentType: String?) throws(RequestFailure) -> LegacyRequest {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            return try parseMultipart(body, contentType: contentType ?? "")
        }
        if type.hasPrefix("application/json") || type.isEmpty || type.hasPrefix("text/json") {
            return try parseJSON(body)
        }
        throw RequestFailure.malformedBody("unsupported Content-Type \(contentType ?? ""): send application/json or multipart/form-data")
    }

    private static func text(_ value: JSONValue?) -> String? {
        if let string = value?.stringValue { return string }
        if let number = value?.intValue { return String(number) }
        return nil
    }

    static func parseJSON(_ body: ByteBuffer) throws(RequestFailure) -> LegacyRequest {
        let document: JSONValue
        do {
            document = try JSONValue.parse(Data(body.readableBytesView))
        } catch {
            throw RequestFailure.malformedBody("request body is not valid JSON (\(error.description))")
        }
        var request = LegacyRequest(appid: text(document["appid"]), bucket: text(document["bucket"]), url: text(document["url"]))
        if let encoded = document["image"]?.stringValue { request.image = try decodeBase64Image(encoded) }
        return request
    }

    static func parseMultipart(_ body: ByteBuffer, contentType: String) throws(RequestFailure) -> LegacyRequest {
        guard let boundary = Self.boundary(in: contentType) else {
            throw RequestFailure.malformedBody("multipart Content-Type has no boundary")
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
            throw RequestFailure.malformedBody("multipart body cannot be parsed (\(error))")
        }
        func string(_ key: String) -> String? {
            fields[key].map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return LegacyRequest(appid: string("appid"), bucket: string("bucket"), image: fields["image"], url: string("url"))
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

/// An image sent as base64, as clients of either API send it: plain, as a data URL
/// (`data:image/jpeg;base64,...`, from browsers and some SDKs), or broken into lines every 76
/// characters by MIME encoders (skipped as unknown characters).
func decodeBase64Image(_ text: String) throws(RequestFailure) -> Data {
    var encoded = Substring(text)
    if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") { encoded = encoded[encoded.index(after: comma)...] }
    guard let image = Data(base64Encoded: String(encoded), options: .ignoreUnknownCharacters) else {
        throw .imageUndecodable("image is not valid base64")
    }
    return image
}
