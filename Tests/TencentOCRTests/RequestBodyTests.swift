import Foundation
import MultipartKit
import Testing

@testable import OCRPipeline
@testable import TencentOCR

@Suite struct RequestBodyTests {
    static let templates: [RequestTemplate] = [
        RequestTemplate.legacy(transport: .json, appid: "1252821871", bucket: "tencentyun"),
        RequestTemplate.legacy(transport: .json, appid: "1", bucket: nil),
        RequestTemplate.legacy(transport: .multipart, appid: "1252821871", bucket: "tencentyun"),
        RequestTemplate.legacy(transport: .multipart, appid: "42", bucket: nil),
    ]

    @Test(arguments: templates)
    func sizeMatchesTheBuiltBodyExactly(template: RequestTemplate) throws {
        for count in [0, 1, 2, 3, 4, 1000, 65_537] {
            let image = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            for format in [ImageFormat.jpeg, .png, .bmp] {
                let body = try RequestBody.make(template, image: image, format: format)
                #expect(body.bytes.count == RequestBody.size(template, imageBytes: count, format: format))
            }
        }
    }

    @Test(arguments: templates)
    func maximumImageBytesIsTheLargestThatFits(template: RequestTemplate) {
        let budget = 6_000_000
        let largest = RequestBody.maximumImageBytes(template, budget: budget, format: .jpeg)
        #expect(RequestBody.size(template, imageBytes: largest, format: .jpeg) <= budget)
        #expect(RequestBody.size(template, imageBytes: largest + 3, format: .jpeg) > budget)
    }

    @Test func jsonBodyCarriesBase64AndFields() throws {
        let template = RequestTemplate.legacy(transport: .json, appid: "123", bucket: "b")
        let body = try RequestBody.make(template, image: Data([1, 2, 3, 4]), format: .jpeg)
        let json = try JSONValue.parse(body.bytes)
        #expect(json["appid"] == "123")
        #expect(json["bucket"] == "b")
        #expect(json["image"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data([1, 2, 3, 4]))
        #expect(body.contentType == "application/json")
    }

    @Test func multipartBodyParsesBackWithMultipartKit() throws {
        let template = RequestTemplate.legacy(transport: .multipart, appid: "123", bucket: nil)
        let image = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0) })
        let body = try RequestBody.make(template, image: image, format: .png)
        let boundary = String(body.contentType.split(separator: "=").last!)
        var parts: [String: Data] = [:]
        var name = "", current = Data()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { field, value in
            if field.lowercased() == "content-disposition", let range = value.range(of: "name=\"") {
                name = String(value[range.upperBound...].prefix { $0 != "\"" })
            }
        }
        parser.onBody = { buffer in current.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            parts[name] = current; current = Data()
        }
        try parser.execute([UInt8](body.bytes))
        #expect(parts["appid"] == Data("123".utf8))
        #expect(parts["image"] == image)
        #expect(parts["bucket"] == nil)
    }
}

extension RequestBodyTests {
    @Test func fitsStandaloneBudgetsHoldForTheEnginesBodies() {
        // Without an engine, fit budgets the legacy JSON body of the longest appid and bucket, and
        // multipart as the image plus 1 KiB: both must cover what the tencent engine sends.
        let worst = RequestTemplate.worstCase(.json)
        let json = RequestBodyModel.standalone(multipart: false)
        let multipart = RequestBodyModel.standalone(multipart: true)
        for bytes in [0, 1, 1000, 4_499_999] {
            #expect(json.size(bytes, .jpeg) == RequestBody.size(worst, imageBytes: bytes, format: .jpeg))
            for format in [ImageFormat.jpeg, .png, .bmp] {
                #expect(multipart.size(bytes, format) >= RequestBody.size(.worstCase(.multipart), imageBytes: bytes, format: format))
            }
        }
    }
}
