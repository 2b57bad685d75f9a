import Foundation
import OCREngines
import OCRPipeline
import SyntheticImages
import TencentOCR
import VipsKit

enum Fixtures {
    /// decode, tile, fit, a remote engine's `recognize` with `params`, merge and a txt output:
    /// what a user sends to the service with.
    static func remotePipeline(recognize params: JSONObject, environment: [String: String]) throws -> Pipeline {
        try Pipeline.load(
            document: [
                "stages": [
                    ["type": "decode"], ["type": "tile"], ["type": "fit"],
                    ["type": "recognize", "params": .object(params)], ["type": "merge"],
                    ["type": "write", "params": ["formats": ["txt"]]],
                ]
            ],
            registry: .standard, environment: environment)
    }

    /// A small page reading "Invoice 4417", and where its ink is.
    static let textPage = try! SyntheticImages.page(width: 600, height: 140, lines: [("Invoice 4417", 30, 40, 48)])
    static let textJPEG: Data = try! textPage.image.jpegData(quality: 90)
    static let blankPNG: Data = try! SyntheticImages.page(width: 300, height: 200, lines: []).image.pngData()

    /// A two-frame 2×2 GIF, written byte by byte.
    static let animatedGIF = Data(
        hex: "47494638396102000200800000000000ffffff21f904000a0000002c000000000200020000020244010021f904000a0000002c00000000020002000002024401003b")

    static func jsonBody(appid: Any = TestServer.appid, bucket: String? = "tencentyun", image: Data? = textJPEG, url: String? = nil) -> Data {
        var fields: [String: Any] = ["appid": appid]
        if let bucket { fields["bucket"] = bucket }
        if let image { fields["image"] = image.base64EncodedString() }
        if let url { fields["url"] = url }
        return Wire.json(fields)
    }

    /// A multipart body from parts given as (headers, content), in the order given.
    static func multipart(boundary: String, parts: [([(String, String)], Data)]) -> Data {
        var body = Data()
        for (headers, content) in parts {
            body += Data("--\(boundary)\r\n".utf8)
            for (name, value) in headers { body += Data("\(name): \(value)\r\n".utf8) }
            body += Data("\r\n".utf8) + content + Data("\r\n".utf8)
        }
        return body + Data("--\(boundary)--\r\n".utf8)
    }

    static func post(
        _ body: Data, contentType: String = "application/json", authorization: String? = TestServer.signature(),
        extra: [(String, String)] = [], target: String = "/ocr/general", authorizationSeparator: String = ": "
    ) -> Data {
        var headers: [(String, String)] = [("Host", "recognition.image.myqcloud.com"), ("Content-Type", contentType), ("Content-Length", String(body.count))]
        headers += extra
        var request = Wire.request(target: target, headers: headers, body: Data())
        if let authorization {
            // Inserted as raw text so the separator after the colon can be chosen.
            let line = Data("Authorization\(authorizationSeparator)\(authorization)\r\n".utf8)
            request.insert(contentsOf: line, at: request.count - 2)
        }
        return request + body
    }
}

extension Data {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}
