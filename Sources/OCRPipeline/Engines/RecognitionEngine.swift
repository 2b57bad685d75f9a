/// Something that reads text: the embedded Tesseract, the signed call to the service, or a
/// plugin. The `recognize` stage hands it one view at a time.
public protocol RecognitionEngine: Sendable {
    /// Recognises one view. Items are in the view's own pixels (``View/image``'s, which are
    /// also the payload's); `merge` maps them to the original image.
    func recognize(_ view: View, of job: Job, context: StageContext) async throws -> ViewRecognition
}

/// What an engine found in one view.
public struct ViewRecognition: Sendable {
    public var items: [OCRItem]
    /// The service's status for this view (0 OK, −9021 no text, ...).
    public var status: ServiceStatus
    /// Decisions worth recording (retries, latency, ...).
    public var record: JSONObject

    public init(items: [OCRItem], status: ServiceStatus? = nil, record: JSONObject = [:]) {
        self.items = items
        self.status = status ?? (items.isEmpty ? .noText : .ok)
        self.record = record
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
    /// The request it sends, for `fit` to budget against.
    public var requestTemplate: @Sendable (StageParameters) -> RequestTemplate?
    public var make: @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine

    public init(name: String, summary: String, parameters: [ParameterSpec], needsPayloads: Bool = false,
                requestTemplate: @escaping @Sendable (StageParameters) -> RequestTemplate? = { _ in nil },
                make: @escaping @Sendable (StageParameters, StageDescriptor.BuildContext) throws -> any RecognitionEngine) {
        self.name = name
        self.summary = summary
        self.parameters = parameters.map { spec in
            var tagged = spec
            tagged.engine = name
            return tagged
        }
        self.needsPayloads = needsPayloads
        self.requestTemplate = requestTemplate
        self.make = make
    }
}
