/// A `Style` as ANSI "Select Graphic Rendition" escape sequences, for text written
/// straight to a terminal without curses (`retort graph`).
public enum SGR {
    /// Turns every attribute and colour back to the terminal's defaults.
    public static let reset = "\u{1B}[0m"

    /// The sequence that turns `style` on from the terminal's defaults, e.g. `ESC[1;33m`;
    /// empty for plain text. Attributes come first (bold 1, dim 2, italic 3, underline 4,
    /// blink 5, reverse 7), then the foreground (30-37, bright 90-97, `38;5;N`), then the
    /// background (40-47, bright 100-107, `48;5;N`); a default colour adds nothing.
    public static func sequence(_ style: Style) -> String {
        var codes = style.attributes.map(code(for:)).sorted().map(String.init)
        codes += color(style.foreground, base: 30, brightBase: 90, extended: 38)
        codes += color(style.background, base: 40, brightBase: 100, extended: 48)
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// `text` in `style`, with a reset after it; `text` itself when the style is plain.
    public static func paint(_ text: String, _ style: Style) -> String {
        let start = sequence(style)
        return start.isEmpty || text.isEmpty ? text : start + text + reset
    }

    private static func code(for attribute: Style.Attribute) -> Int {
        switch attribute {
        case .bold: return 1
        case .dim: return 2
        case .italic: return 3
        case .underline: return 4
        case .blink: return 5
        case .reverse: return 7
        }
    }

    /// The codes for one colour: the 16 named colours have codes of their own (the bright
    /// ones the aixterm codes every 16-colour terminal reads); palette indexes use the
    /// 256-colour form.
    private static func color(_ color: Style.Color, base: Int, brightBase: Int, extended: Int) -> [String] {
        switch color {
        case .default: return []
        case .named(let n) where (0..<8).contains(n): return ["\(base + n)"]
        case .named(let n) where (8..<16).contains(n): return ["\(brightBase + n - 8)"]
        case .named(let n), .indexed(let n): return ["\(extended)", "5", "\(n)"]
        }
    }
}
