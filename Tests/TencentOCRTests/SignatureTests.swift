import Foundation
import Testing

@testable import OCRPipeline
@testable import TencentOCR

@Suite struct SignatureTests {
    /// Tencent's official test vector, byte for byte.
    @Test func reproducesTheOfficialTestVector() {
        let original = Signature.original(
            appid: "1252821871", bucket: "tencentyun", secretId: "AKIDgaoOYh2kOmJfWVdH4lpfxScG2zPLPGoK",
            expiry: 1438669115, now: 1436077115, rand: 11162)
        #expect(original == "a=1252821871&b=tencentyun&k=AKIDgaoOYh2kOmJfWVdH4lpfxScG2zPLPGoK&e=1438669115&t=1436077115&r=11162&u=0&f=")
        let sign = Signature.sign(original: original, secretKey: "nwOKDouy5JctNOlnere4gkVoOUz5EYAb")
        #expect(
            sign
                == "p2Y5iIYyBmQNfUvPe3e1sxEN/rZhPTEyNTI4MjE4NzEmYj10ZW5jZW50eXVuJms9QUtJRGdhb09ZaDJrT21KZldWZEg0bHBmeFNjRzJ6UExQR29LJmU9MTQzODY2OTExNSZ0PTE0MzYwNzcxMTUmcj0xMTE2MiZ1PTAmZj0="
        )
        let hmac = Data(base64Encoded: sign)!.prefix(20).map { String(format: "%02x", $0) }.joined()
        #expect(hmac == "a7663988863206640d7d4bcf7b77b5b3110dfeb6")
    }

    @Test func parsesFieldsInAnyOrderAndChecksTheHMAC() throws {
        let original = "a=1&k=AKID&t=100&e=200"
        let sign = Signature.sign(original: original, secretKey: "key")
        let parsed = try #require(Signature.Parsed(sign))
        #expect(parsed.fields == ["a": "1", "k": "AKID", "t": "100", "e": "200"])
        #expect(parsed.isValid(secretKey: "key"))
        #expect(!parsed.isValid(secretKey: "other"))
        #expect(Signature.Parsed("not base64!") == nil)
        #expect(Signature.Parsed(Data("short".utf8).base64EncodedString()) == nil)
    }
}
