/// Characters set in full-width cells — Han, kana, Hangul, CJK punctuation, full-width forms —
/// the one definition the engines and the merge share.
public enum WideCharacters {
    /// Set in a full-width cell (Unicode East Asian Wide or Fullwidth).
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// A wide character that text runs into its neighbours without a space: every wide
    /// character but the full-width digits and letters, which are wide Latin and spaced like
    /// Latin words.
    public static func joinsWithoutSpaces(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: false
        default: contains(scalar)
        }
    }
}
