import CVipsShim

/// Pixel value type of an image's bands.
public enum BandFormat: Sendable, Equatable {
    case uchar, char, ushort, short, uint, int, float, double, complex, doubleComplex

    init(_ raw: VipsBandFormat) {
        switch raw {
        case VIPS_FORMAT_CHAR: self = .char
        case VIPS_FORMAT_USHORT: self = .ushort
        case VIPS_FORMAT_SHORT: self = .short
        case VIPS_FORMAT_UINT: self = .uint
        case VIPS_FORMAT_INT: self = .int
        case VIPS_FORMAT_FLOAT: self = .float
        case VIPS_FORMAT_DOUBLE: self = .double
        case VIPS_FORMAT_COMPLEX: self = .complex
        case VIPS_FORMAT_DPCOMPLEX: self = .doubleComplex
        default: self = .uchar
        }
    }

    var raw: VipsBandFormat {
        switch self {
        case .uchar: VIPS_FORMAT_UCHAR
        case .char: VIPS_FORMAT_CHAR
        case .ushort: VIPS_FORMAT_USHORT
        case .short: VIPS_FORMAT_SHORT
        case .uint: VIPS_FORMAT_UINT
        case .int: VIPS_FORMAT_INT
        case .float: VIPS_FORMAT_FLOAT
        case .double: VIPS_FORMAT_DOUBLE
        case .complex: VIPS_FORMAT_COMPLEX
        case .doubleComplex: VIPS_FORMAT_DPCOMPLEX
        }
    }

    /// Bits per band value.
    public var bits: Int {
        switch self {
        case .uchar, .char: 8
        case .ushort, .short: 16
        case .uint, .int, .float: 32
        case .double, .complex: 64
        case .doubleComplex: 128
        }
    }
}

/// How band values are to be read (libvips' "interpretation").
public enum Interpretation: String, Sendable, Equatable {
    case bw = "b-w", srgb, rgb, rgb16, grey16, cmyk, lab, labs, lch, xyz, scrgb, hsv, multiband, histogram, fourier, matrix, yxy, cmc, other

    init(_ raw: VipsInterpretation) {
        switch raw {
        case VIPS_INTERPRETATION_B_W: self = .bw
        case VIPS_INTERPRETATION_sRGB: self = .srgb
        case VIPS_INTERPRETATION_RGB: self = .rgb
        case VIPS_INTERPRETATION_RGB16: self = .rgb16
        case VIPS_INTERPRETATION_GREY16: self = .grey16
        case VIPS_INTERPRETATION_CMYK: self = .cmyk
        case VIPS_INTERPRETATION_LAB: self = .lab
        case VIPS_INTERPRETATION_LABS: self = .labs
        case VIPS_INTERPRETATION_LCH: self = .lch
        case VIPS_INTERPRETATION_XYZ: self = .xyz
        case VIPS_INTERPRETATION_scRGB: self = .scrgb
        case VIPS_INTERPRETATION_HSV: self = .hsv
        case VIPS_INTERPRETATION_MULTIBAND: self = .multiband
        case VIPS_INTERPRETATION_HISTOGRAM: self = .histogram
        case VIPS_INTERPRETATION_FOURIER: self = .fourier
        case VIPS_INTERPRETATION_MATRIX: self = .matrix
        case VIPS_INTERPRETATION_YXY: self = .yxy
        case VIPS_INTERPRETATION_CMC: self = .cmc
        default: self = .other
        }
    }

    /// The colour spaces this project converts to.
    public enum Target: Sendable { case srgb, grey }
}

/// Where a ``VImage/draw(rectangle:colour:fill:)`` rectangle goes, in pixels.
public struct PixelBox: Sendable, Equatable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
}
