import OCRPipeline

/// `exposure`: brightens photos taken in poor light before they are read. It measures the
/// upright image's mean grey level and, below `target`, scales the pixels up to reach it.
struct ExposureStage: DeclaredStage {
    @Param("target", range: 1...255, help: "mean grey level (0–255) a darker image is brightened to")
    var target = 110.0

    static let descriptor = StageDescriptor(
        Self.self, type: "exposure", summary: "Brightens dark photos before they are read.",
        // It replaces the image: tiles, payloads and items made before it would be stale.
        needs: [.image], invalidates: [.tiles, .payloads, .viewItems, .items])

    func process(_ job: inout Job, context: StageContext) async throws {
        let upright = try job.requireUpright()
        let mean = try upright.image.average()  // a VImage: libvips, re-exported by OCRPipeline
        job[record: "mean"] = .double(mean.rounded())
        guard mean < target, mean > 0 else { return }
        let brightened = try upright.image.linear(target / mean, 0).cast(to: .uchar, shift: false)
        job.upright = try UprightImage(image: brightened, format: upright.format)
        job[record: "gain"] = .double((target / mean * 100).rounded() / 100)
    }
}
