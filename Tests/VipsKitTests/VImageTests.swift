import Foundation
import Testing

@testable import VipsKit

@Suite struct VImageTests {
    @Test func rendersTextAndEncodesJPEG() throws {
        let mask = try VImage.text("Hello", font: "DejaVu Sans 40")
        #expect(mask.width > 50)
        let jpeg = try mask.inverted().jpegData(quality: 80)
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]))
        let back = try VImage.decode(jpeg)
        #expect(back.width == mask.width)
    }
}
