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

/// An engine whose parameters are its ``Param`` properties (see ``DeclaredStage``).
public protocol DeclaredEngine: RecognitionEngine {
    init()
}

extension DeclaredEngine {
    /// This engine with some of its parameters changed: `PPOCRRecognizer().with { $0.threads = 2 }`.
    public func with(_ change: (inout Self) -> Void) -> Self {
        var changed = self
        change(&changed)
        return changed
    }
}
