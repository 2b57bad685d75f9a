import Foundation
import OCRPipeline

/// How a request asks its image to be read: the server's pipeline as it is, or a variant of it
/// made for a request field or an action.
enum Reading: Hashable, Sendable {
    /// The pipeline as configured.
    case standard
    /// Without the page orientation step (`GeneralFastOCR`, `GeneralEfficientOCR`, `TextDetect`).
    case fast
    /// The image read whole as one line, no detection (`EnableDetectText: false`).
    case singleLine
    /// Cut into tiles of at most 1280 pixels whatever its size, so small text on a large page is
    /// read nearer its own resolution (`EnableDetectSplit`).
    case split
    /// Read by Tesseract in this language and English (`LanguageType` other than Chinese).
    case language(String)

    /// The tile size `split` cuts to.
    static let splitTileSize = 1280

    /// This reading of `pipeline`, made from its document; `nil` when the pipeline was built in
    /// code, or when it does not load (the message says why).
    func variant(of pipeline: Pipeline, registry: StageRegistry) -> Result<Pipeline, PipelineFileError>? {
        guard self != .standard else { return .success(pipeline) }
        guard let source = pipeline.source, var stages = source.document["stages"]?.arrayValue else { return nil }
        func type(_ stage: JSONValue) -> String? { stage["type"]?.stringValue }
        func updatingRecognize(_ change: (inout JSONObject) -> Void) {
            for index in stages.indices where type(stages[index]) == "recognize" {
                var stage = stages[index].objectValue ?? [:]
                var params = stage["params"]?.objectValue ?? [:]
                change(&params)
                stage["params"] = .object(params)
                stages[index] = .object(stage)
            }
        }
        switch self {
        case .standard: break
        case .fast:
            stages.removeAll { type($0) == "orient" }
        case .singleLine:
            stages.removeAll { ["orient", "tile"].contains(type($0)) }
            updatingRecognize { params in
                switch params["engine"]?.stringValue {
                case "ppocr": params["detect"] = false
                case "tesseract": params["psm"] = "single_line"
                default: break
                }
            }
        case .split:
            let tile: JSONValue = ["type": "tile", "params": ["mode": "always", "size": .int(Self.splitTileSize), "overlap": 160]]
            if let index = stages.firstIndex(where: { type($0) == "tile" }) {
                stages[index] = tile
            } else if let index = stages.firstIndex(where: { ["fit", "recognize"].contains(type($0)) }) {
                stages.insert(tile, at: index)
            }
        case .language(let language):
            updatingRecognize { params in
                params = ["engine": "tesseract", "languages": [.string(language), "eng"], "timeout": params["timeout"] ?? 300]
            }
        }
        var document = source.document.objectValue ?? [:]
        document["stages"] = .array(stages)
        do {
            return .success(
                try Pipeline.load(
                    document: .object(document), name: "\(source.name) (\(self))", baseDirectory: source.baseDirectory, registry: registry,
                    environment: source.environment))
        } catch {
            return .failure(error)
        }
    }
}
