import Foundation
import Testing

@testable import OCRPipeline

@Suite struct JSONTests {
    @Test func keepsKeyOrderAndNumberKinds() throws {
        let value = try JSONValue.parse(#"{"zeta": 1, "alpha": 2.5, "mid": [true, null, "x\u00e9\n"]}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(value["zeta"] == .int(1))
        #expect(value["alpha"] == .double(2.5))
        #expect(value.serialized() == #"{"zeta":1,"alpha":2.5,"mid":[true,null,"xé\n"]}"#)
    }

    @Test func reportsLineAndColumnOfSyntaxErrors() {
        let text = "{\n  \"stages\": [\n    {\"type\": \"decode\",}\n  ]\n}"
        #expect(throws: JSONSyntaxError(line: 3, column: 22, reason: "trailing comma before '}'")) { try JSONValue.parse(text) }
        #expect(throws: JSONSyntaxError(line: 1, column: 7, reason: "unexpected 'x', expected a value")) { try JSONValue.parse(#"{"a": x}"#) }
    }

    @Test func rejectsDuplicateKeys() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a": 1, "a": 2}"#) }
    }

    @Test func roundTripsUnicodeEscapes() throws {
        let value = try JSONValue.parse(#""\ud83d\ude00 \u624b""#)
        #expect(value == .string("😀 手"))
    }
}
