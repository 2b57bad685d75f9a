/// Something that reads text: the embedded Tesseract, the signed call to the service, or a
/// plugin. The `recognize` stage hands it one view at a time.
public protocol RecognitionEngine: Sendable {
    /// Recognises one view. Items are in the view's own pixels (``View/image``'s, which are
    /// also the payload's); `merge` maps them to the original image.
    func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition
}

/// An engine that reads a tiled image's views together. Having every pixel, it can find the
/// lines in each tile, make one box of each line the tiles saw, and read that line once from
/// the full image: nothing cut by a tile border has to be joined as text afterwards.
public protocol TileAwareEngine: RecognitionEngine {
    /// Recognises every view of a tiled job. Items are in upright original pixels, each line
    /// once, placed with the view whose core holds its centre; `merge` only orders them.
    func recognizeTiles(_ views: [View], of job: Job, context: StageContext) async throws -> [ViewRecognition]
}

/// What an engine found in one view.
public struct ViewRecognition: Sendable {
    public var items: [OCRItem]
    /// The service's status for this view (0 OK, −9021 no text, ...).
    public var status: ServiceStatus
    /// Decisions worth recording (retries, latency, ...).
    public var record: JSONObject
    /// Where the items are, when the engine read other pixels than the view's image.
    public var transform: ViewTransform?

    public init(items: [OCRItem], status: ServiceStatus? = nil, record: JSONObject = [:], transform: ViewTransform? = nil) {
        self.items = items
        self.status = status ?? (items.isEmpty ? .noText : .ok)
        self.record = record
        self.transform = transform
    }
}

/// How an engine is named, configured and built; registered in a ``StageRegistry`` and chosen
/// with the `recognize` stage's `engine` parameter.
public struct EngineDescriptor: Sendable {
    public var name: String
    public var summary: String
    /// The engine's own parameters (they appear under the `recognize` stage).
    public var parameters: [ParameterSpec]
    /// Whether the engine sends the `fit` stage's payloads (rather than reading pixels).
    public var needsPayloads: Bool
    /// What it needs of the stages before it (request shape, view limits).
    public var profile: @Sendable (StageParameters) -> EngineProfile
    public var make: @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine

    public init(name: String, summary: String, parameters: [ParameterSpec], needsPayloads: Bool = false,
                profile: @escaping @Sendable (StageParameters) -> EngineProfile = { _ in EngineProfile() },
                make: @escaping @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map { spec in
            var tagged = spec
            tagged.engine = name
            return tagged
        }
        self.needsPayloads = needsPayloads
        self.profile = profile
        self.make = make
    }
}
