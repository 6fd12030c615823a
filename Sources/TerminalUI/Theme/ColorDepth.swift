/// How many colours a terminal shows, and how a theme's colours fit into them.
///
/// Themes may use all 256 xterm colours; a 16-colour terminal gets the nearest of its 16,
/// and an 8-colour one shows the bright half (8-15) as the base colour in bold, which is
/// how such terminals draw bright text. Pure, so the curses backend only asks it.
public struct ColorDepth: Sendable, Equatable {
    /// The number of colours the terminal reports (curses' `COLORS`): 8, 16, 256...
    public var colors: Int

    public init(colors: Int) {
        self.colors = colors
    }

    /// A theme colour as the terminal shows it: a colour number (-1 for the terminal's
    /// own default) and whether the text must be bold to look bright.
    public struct Mapped: Sendable, Equatable {
        public var number: Int
        public var bold: Bool

        public init(number: Int, bold: Bool = false) {
            self.number = number
            self.bold = bold
        }
    }

    /// `color` as a colour number of this terminal.
    public func map(_ color: Style.Color) -> Mapped {
        switch color {
        case .default: return Mapped(number: -1)
        case .named(let n):
            if n < 8 || colors >= 16 { return Mapped(number: n) }
            return Mapped(number: n - 8, bold: true)
        case .indexed(let n):
            if colors >= 256 { return Mapped(number: n) }
            return map(.named(Self.nearest16(n)))
        }
    }

    /// The nearest of the 16 basic colours to an xterm 256-colour index: the 6x6x6 cube
    /// by which of red, green and blue are on (bright when one is near full), the grey
    /// ramp (232-255) as bright black, then white.
    public static func nearest16(_ n: Int) -> Int {
        if n < 16 { return n }
        if n >= 232 { return n < 244 ? 8 : 7 }
        let i = n - 16
        let (r, g, b) = (i / 36, (i / 6) % 6, i % 6)
        let bright = max(r, g, b) > 3
        let bits = (r > 1 ? 1 : 0) | (g > 1 ? 2 : 0) | (b > 1 ? 4 : 0)
        return bits == 0 ? (bright ? 8 : 0) : bits + (bright ? 8 : 0)
    }
}
