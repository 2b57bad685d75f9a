import Foundation
import OCREngines
import Testing

@testable import OCRPipeline

@Suite struct PipelineFileTests {
    @Test func samplePipelineIsValid() throws {
        let pipeline = try Pipeline.load(contentsOf: PackageRoot.url.appendingPathComponent("samples/pipeline.json").path, registry: .standard)
        #expect(pipeline.stageTypes.first == "decode")
        #expect(pipeline.fingerprint.count == 16)
    }

    @Test func defaultsAreFilledAndListsAcceptPlusStrings() throws {
        let pipeline = try Pipeline.load(
            document: ["stages": [["type": "decode"], ["type": "fit", "params": ["max_body_bytes": 5_000_000]]]], registry: .standard)
        let fit = try #require(pipeline.steps.last)
        let stage = try #require(fit.stage as? FitStage)
        #expect(stage.maxBodyBytes == 5_000_000 && stage.budget == 5_000_000)
        #expect(stage.maxQuality == 90 && fit.parameters.values["max_quality"] == .int(90))
        #expect((pipeline.steps.first?.stage as? DecodeStage)?.maxPixels == 250_000_000)
    }

    @Test func fingerprintChangesWithParameters() throws {
        let a = try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "fit"]]], registry: .standard)
        let b = try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "fit", "params": ["max_quality": 80]]]], registry: .standard)
        let c = try Pipeline.load(document: ["stages": [["type": "decode"], ["type": "fit", "params": ["max_quality": 90]]]], registry: .standard)
        #expect(a.fingerprint != b.fingerprint)
        #expect(a.fingerprint == c.fingerprint)  // an explicit default is the same pipeline
    }
}
