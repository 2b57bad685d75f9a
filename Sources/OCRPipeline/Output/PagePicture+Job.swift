import Foundation

extension PagePicture {
    /// The picture of a job's upright image: the input's own bytes when it is a JPEG that needed
    /// no turn and no colour change; else the upright image as a JPEG (a photo) or a PNG (an
    /// image stored without loss: a scan, a screenshot, a rendered page).
    init(showing job: Job) throws {
        let upright = try job.requireUpright()
        let size = upright.size
        let bands = upright.image.bands
        if upright.format == .jpeg, upright.isPlain, !upright.isReplacement, bands == 1 || bands == 3 {
            self.init(encoding: .jpeg, width: size.width, height: size.height, components: bands, bytes: try job.input.allBytes())
            return
        }
        var image = upright.image
        if image.bands != 1 && image.bands != 3 { image = try image.colourspace(.srgb) }
        let components = image.bands == 1 ? 1 : 3
        if upright.format.isLossless {
            self.init(encoding: .png, width: size.width, height: size.height, components: components, bytes: try image.pngData(compression: 6))
        } else {
            self.init(encoding: .jpeg, width: size.width, height: size.height, components: components, bytes: try image.jpegData(quality: 85))
        }
    }
}
