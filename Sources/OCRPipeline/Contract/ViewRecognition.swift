import Foundation

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
