import VipsKit

/// A part of the upright image that is recognised on its own: the whole image, or one tile.
public struct View: Sendable {
    /// Position in the job's view list (tile number, 0 for a whole image).
    public var index: Int
    /// The part of the upright original this view shows, in original pixels.
    public var region: Box
    /// The part of ``region`` this view owns when tiles overlap: text whose centre lies here is
    /// taken from this view. Tiles' cores partition the image; a whole image owns all of it.
    public var core: Box
    /// Maps this view's pixels to upright original pixels.
    public var transform: ViewTransform
    /// The view's pixels, lazily evaluated; what a local engine reads.
    public var image: VImage
    /// The upload-ready encoding, once `fit` has run.
    public var payload: Payload?
    /// Recognised lines in this view's own pixel coordinates (or in ``itemsTransform``'s).
    public var items: [OCRItem] = []
    /// How ``items`` map to the upright original, when the engine read other pixels than
    /// ``image`` (a local engine reading the region at full resolution); `nil`: ``transform``.
    public var itemsTransform: ViewTransform?
    /// The service status for this view, when an engine reported one.
    public var status: ServiceStatus?

    public init(index: Int, region: Box, core: Box? = nil, transform: ViewTransform, image: VImage) {
        self.index = index
        self.region = region
        self.core = core ?? region
        self.transform = transform
        self.image = image
    }
}

/// The service's top-level `code` and `message`.
public struct ServiceStatus: Sendable, Hashable, Codable {
    public var code: Int
    public var message: String
    public init(code: Int, message: String) { self.code = code; self.message = message }

    public static let ok = ServiceStatus(code: 0, message: "OK")
    /// The service's "no text detected": a success with zero items.
    public static let noText = ServiceStatus(code: -9021, message: "no text detected")
}

extension View {
    /// The pixels a local engine reads: this view's own, or — when `fit` downscaled it for a
    /// service — its region of the upright original at full resolution (nothing is uploaded),
    /// with the transform that places items read there.
    public func fullResolution(of job: Job) throws -> (image: VImage, transform: ViewTransform?) {
        guard transform.scaleX < 1 || transform.scaleY < 1, let upright = job.upright else { return (image, nil) }
        let crop = try upright.image.cropped(.init(x: region.x, y: region.y, width: region.width, height: region.height))
        return (crop, ViewTransform(offsetX: region.x, offsetY: region.y))
    }
}
