/// How a piece of text looks: colours and attributes, as a theme assigns them to roles.
public struct Style: Hashable, Sendable {
    /// A terminal colour: the terminal's own default, one of the 16 named colours, or an
    /// index into the 256-colour palette.
    public enum Color: Hashable, Sendable {
        case `default`
        case named(Int)  // 0...15: black, red, green, yellow, blue, magenta, cyan, white, then bright
        case indexed(Int)  // 16...255

        static let names = [
            "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
            "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta",
            "bright-cyan", "bright-white",
        ]

        /// Reads `default`, a colour name, `grey`/`gray` (bright black) or `color0`...`color255`.
        public init?(_ text: String) {
            let lower = text.lowercased()
            if lower == "default" || lower == "-" {
                self = .default
            } else if let n = Self.names.firstIndex(of: lower) {
                self = .named(n)
            } else if lower == "grey" || lower == "gray" {
                self = .named(8)
            } else if lower.hasPrefix("color"), let n = Int(lower.dropFirst(5)), (0...255).contains(n) {
                self = n < 16 ? .named(n) : .indexed(n)
            } else {
                return nil
            }
        }
    }

    public enum Attribute: String, Hashable, Sendable, CaseIterable {
        case bold, dim, italic, underline, reverse, blink
    }

    public var foreground: Color
    public var background: Color
    public var attributes: Set<Attribute>

    public init(foreground: Color = .default, background: Color = .default, attributes: Set<Attribute> = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()
}
