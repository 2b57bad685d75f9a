import Foundation
import VipsKit

/// The conversions that make any decoded image plain 8-bit sRGB (or 8-bit grey) and opaque,
/// decided from the header once by `decode` and replayed on every load.
public struct Normalisation: Sendable, Hashable {
    /// How colour is brought to sRGB or grey.
    public enum Colour: String, Sendable {
        /// Through the embedded ICC profile (or libvips' CMYK fallback profile).
        case iccToSRGB = "icc_to_srgb"
        case toSRGB = "to_srgb"
        case toGrey = "to_grey"
    }

    public var colour: Colour?
    /// 16-bit (or wider) values scaled down to 8 bits.
    public var castTo8Bit = false
    /// Alpha composited onto this grey level (255 white, 0 black); `nil` when opaque.
    public var flattenOnto: Double?
    /// Bands beyond colour and alpha (a six-band TIFF) dropped: only the first ones are kept.
    public var keepFirstBands: Int?

    public var isIdentity: Bool { colour == nil && !castTo8Bit && flattenOnto == nil && keepFirstBands == nil }

    /// What to do for an image with this header. `inkIsLight` says whether the visible
    /// (non-transparent) pixels are mostly light, so light text on a transparent background
    /// is flattened onto black instead of vanishing into white.
    static func plan(for header: VImage, inkIsLight: () throws -> Bool) rethrows -> Normalisation {
        var plan = Normalisation()
        let interpretation = header.interpretation
        let iccProfile = header.blob("icc-profile-data")
        if interpretation == .cmyk || (iccProfile.map { !Self.isSRGBProfile($0) } ?? false) {
            plan.colour = .iccToSRGB
        } else {
            switch interpretation {
            case .srgb, .bw:
                break
            case .grey16:
                plan.colour = .toGrey
            case .multiband where header.bands <= 2:
                plan.colour = .toGrey
            default:
                plan.colour = .toSRGB
            }
        }
        let isGreyish = interpretation == .bw || interpretation == .grey16 || (interpretation == .multiband && header.bands <= 2)
        let expectedBands = (interpretation == .cmyk ? 4 : isGreyish ? 1 : 3) + (header.hasAlpha ? 1 : 0)
        if header.bands > expectedBands { plan.keepFirstBands = expectedBands }
        if header.bandFormat != .uchar && plan.colour != .iccToSRGB { plan.castTo8Bit = true }
        if header.hasAlpha { plan.flattenOnto = try inkIsLight() ? 0 : 255 }
        return plan
    }

    /// Applies the plan to a freshly loaded image.
    func apply(to image: VImage) throws -> VImage {
        var out = image
        if let keep = keepFirstBands { out = try out.extractingBands(first: 0, count: keep) }
        switch colour {
        case .iccToSRGB: out = try out.iccTransformedToSRGB()
        case .toSRGB: out = try out.colourspace(.srgb)
        case .toGrey: out = try out.colourspace(.grey)
        case nil: break
        }
        if castTo8Bit || out.bandFormat != .uchar { out = try out.cast(to: .uchar, shift: out.bandFormat == .ushort || out.bandFormat == .short) }
        if let level = flattenOnto, out.hasAlpha { out = try out.flattened(red: level, green: level, blue: level, maxAlpha: 255) }
        return out
    }

    /// The steps as recorded in the result file.
    var json: JSONValue {
        var steps: [JSONValue] = []
        if let colour { steps.append(.string(colour.rawValue)) }
        if castTo8Bit { steps.append("to_8bit") }
        if let level = flattenOnto { steps.append(.string(level == 0 ? "flatten_onto_black" : "flatten_onto_white")) }
        if let keep = keepFirstBands { steps.append(.string("keep_first_\(keep)_bands")) }
        return .array(steps)
    }

    /// Whether an embedded ICC profile describes sRGB, so converting through it changes
    /// nothing: its description tag names sRGB. A cheap byte search, not a full ICC parse.
    static func isSRGBProfile(_ profile: Data) -> Bool {
        let bytes = [UInt8](profile.prefix(4096))
        let needles: [[UInt8]] = [Array("sRGB".utf8), Array("s\0R\0G\0B".utf8)]
        for needle in needles where bytes.count >= needle.count {
            for start in 0...(bytes.count - needle.count) where bytes[start..<start + needle.count].elementsEqual(needle) {
                return true
            }
        }
        return false
    }
}
