import Foundation
import OCREngines
import TencentOCR
import Testing

@testable import OCRPipeline

/// Broken pipeline files: every problem reported at once, each at its path with a suggestion.
@Suite struct PipelineValidationTests {
    static func problems(_ text: String, environment: [String: String] = [:]) -> [PipelineProblem] {
        do {
            _ = try Pipeline.load(data: Data(text.utf8), registry: .standard, environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        let text = "{\n  \"stages\": [\n    { \"type\": \"decode\" }\n    { \"type\": \"fit\" }\n  ]\n}"
        #expect(throws: PipelineFileError.self) { try Pipeline.load(data: Data(text.utf8), registry: .standard) }
        do { _ = try Pipeline.load(data: Data(text.utf8), name: "p.json", registry: .standard) } catch {
            #expect(error.summary == "p.json:4:5: invalid JSON: unexpected '{', expected ',' or ']'")
        }
    }

    @Test func misspeltParameterSuggestsTheClosest() {
        let found = Self.problems(#"{"stages": [{"type": "decode"}, {"type": "fit", "params": {"max_body_byte": 5000000}}]}"#)
        #expect(found == [PipelineProblem(path: "stages[1].params.max_body_byte", message: "unknown parameter", suggestion: "max_body_bytes")])
        #expect(found.first?.description == "stages[1].params.max_body_byte: unknown parameter (did you mean `max_body_bytes`?)")
    }

    @Test func misspeltStageTypeSuggestsTheClosest() {
        let found = Self.problems(#"{"stages": [{"type": "decode"}, {"type": "tiles"}]}"#)
        #expect(found == [PipelineProblem(path: "stages[1].type", message: "unknown stage type \"tiles\"", suggestion: "tile")])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let found = Self.problems(
            """
            {"version": 1, "stages": [
              {"type": "decode", "params": {"max_pixels": "lots"}},
              {"type": "fit", "params": {"max_quality": 120, "transport": "mulitpart"}},
              {"type": "write", "params": {"formats": ["json", "txt", "overlay", "docx"]}},
              {"type": "merge"}
            ], "stage": []}
            """)
        #expect(
            found.map(\.path) == [
                "stage",
                "stages[0].params.max_pixels",
                "stages[1].params.transport", "stages[1].params.max_quality",
                "stages[2].params.formats[3]", "stages[2]",
                "stages[3]",
            ])
        #expect(found[0].suggestion == "stages")
        #expect(found[1].message == "expected an integer, found a string \"lots\"")
        #expect(found[2].suggestion == "multipart")
        #expect(found[3].message == "120 is out of range 1…100")
        #expect(found[5].message == "write needs items, which no earlier stage provides; put a merge stage before write")
        #expect(found[6].message == "merge needs view items, which no earlier stage provides; put a recognize stage before merge")
    }

    @Test func stagesInAnOrderThatCannotWork() {
        let found = Self.problems(
            #"{"stages": [{"type": "fit"}, {"type": "decode"}, {"type": "tile"}, {"type": "write", "params": {"formats": ["payload"]}}]}"#)
        #expect(
            found == [
                PipelineProblem(path: "stages[0]", message: "fit needs image, which no earlier stage provides; put a decode stage before fit"),
                PipelineProblem(path: "stages[3]", message: "write needs payloads, which no earlier stage provides; put a fit stage before write"),
            ])
        let invalidated = Self.problems(
            #"{"stages": [{"type": "decode"}, {"type": "fit"}, {"type": "tile"}, {"type": "write", "params": {"formats": ["payload"]}}]}"#)
        #expect(
            invalidated == [
                PipelineProblem(
                    path: "stages[3]", message: "write needs payloads, but tile at stages[2] discards what fit at stages[1] made; put fit after tile")
            ])
    }

    @Test func engineParametersBelongToTheirEngine() {
        let found = Self.problems(#"{"stages": [{"type": "decode"}, {"type": "recognize", "params": {"engine": "tesseract", "languages": "chi_sm+eng"}}]}"#)
        #expect(found.count == 1)
        #expect(found.first?.path == "stages[1].params.languages")
        #expect(found.first?.message.contains("did you mean \"chi_sim\"?") == true)
    }

    @Test func interpolatesEnvironmentWithAndWithoutDefaults() throws {
        let text =
            #"{"stages": [{"type": "decode", "params": {"max_pixels": "${LIMIT}"}}, {"type": "fit", "params": {"max_quality": "${QUALITY:-80}", "transport": "${TRANSPORT:-json}"}}]}"#
        let pipeline = try Pipeline.load(data: Data(text.utf8), registry: .standard, environment: ["LIMIT": "1000000", "TRANSPORT": "multipart"])
        #expect((pipeline.steps[0].stage as? DecodeStage)?.maxPixels == 1_000_000)
        #expect((pipeline.steps[1].stage as? FitStage)?.maxQuality == 80)
        #expect((pipeline.steps[1].stage as? FitStage)?.transport == .multipart)

        let missing = Self.problems(text, environment: [:])
        #expect(
            missing == [
                PipelineProblem(
                    path: "stages[0].params.max_pixels",
                    message: "environment variable LIMIT is not set and has no default (write ${LIMIT:-default} to give one)")
            ])
        var interpolation = EnvironmentInterpolation(environment: ["A": "1"])
        #expect(interpolation.expand("x$${A}y${A}z$", path: "p") == "x${A}y1z$")
    }

    @Test func secretsFromTheEnvironmentNeverAppearInMessagesOrPrintouts() throws {
        let secret = "nwOKDouy5JctNOlnere4gkVoOUz5EYAb"
        let text = #"{"stages": [{"type": "decode"}, {"type": "fit", "params": {"max_quality": "${TENCENTCLOUD_SECRET_KEY}"}}]}"#
        let found = Self.problems(text, environment: ["TENCENTCLOUD_SECRET_KEY": secret])
        #expect(found.count == 1)
        #expect(!found.description.contains(secret))
        #expect(found.first?.message.contains("***") == true)
    }

    @Test func aPasswordInAURLIsMaskedInPrintouts() throws {
        let text =
            #"{"stages": [{"type": "decode"}, {"type": "fit"}, {"type": "recognize", "params": {"engine": "tencent", "appid": "1", "base_url": "https://ocr:hunter2@proxy.example/"}}]}"#
        let pipeline = try Pipeline.load(
            data: Data(text.utf8), registry: .standard,
            environment: ["TENCENTCLOUD_SECRET_ID": "id-123456", "TENCENTCLOUD_SECRET_KEY": "key-123456"])
        let printed = pipeline.resolvedDescription.serialized()
        #expect(printed.contains("https://***@proxy.example/"), "\(printed)")
        #expect(!printed.contains("hunter2"))
        #expect(
            pipeline.redactor.scrub("fetching https://ocr:hunter2@proxy.example/ocr/general failed") == "fetching https://***@proxy.example/ocr/general failed")
    }
}
