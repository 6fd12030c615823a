import XCTest
@testable import TerminalUI

/// Theme colours on 256-, 16- and 8-colour terminals.
final class ColorDepthTests: XCTestCase {
    func testEveryKindOfColourOnEachDepth() {
        let colors: [(String, Style.Color)] = [
            ("default", .default), ("red", .named(1)), ("bright-red", .named(9)), ("grey", .named(8)),
            ("bright-white", .named(15)), ("color16 black", .indexed(16)), ("color34 green", .indexed(34)),
            ("color196 red", .indexed(196)), ("color208 orange", .indexed(208)), ("color21 blue", .indexed(21)),
            ("color231 white", .indexed(231)), ("color232 darkest grey", .indexed(232)),
            ("color243 grey", .indexed(243)), ("color244 grey", .indexed(244)), ("color255 lightest grey", .indexed(255)),
        ]
        func shown(_ mapped: ColorDepth.Mapped) -> String { "\(mapped.number)" + (mapped.bold ? "+bold" : "") }
        let table = colors.map { name, color in
            "\(name): " + [256, 16, 8].map { "\($0)→" + shown(ColorDepth(colors: $0).map(color)) }.joined(separator: " ")
        }.joined(separator: "\n")
        XCTAssertEqual(
            table,
            """
            default: 256→-1 16→-1 8→-1
            red: 256→1 16→1 8→1
            bright-red: 256→9 16→9 8→1+bold
            grey: 256→8 16→8 8→0+bold
            bright-white: 256→15 16→15 8→7+bold
            color16 black: 256→16 16→0 8→0
            color34 green: 256→34 16→2 8→2
            color196 red: 256→196 16→9 8→1+bold
            color208 orange: 256→208 16→11 8→3+bold
            color21 blue: 256→21 16→12 8→4+bold
            color231 white: 256→231 16→15 8→7+bold
            color232 darkest grey: 256→232 16→8 8→0+bold
            color243 grey: 256→243 16→8 8→0+bold
            color244 grey: 256→244 16→7 8→7
            color255 lightest grey: 256→255 16→7 8→7
            """)
    }

    /// The cube's corners: each of the 8 colour bits, dim (level 3) and bright (level 5).
    func testCubeCornersToTheSixteen() {
        let levels = [3, 5]
        let nearest = levels.map { level in
            (0..<8).map { bits in
                let (r, g, b) = (bits & 1 == 0 ? 0 : level, bits & 2 == 0 ? 0 : level, bits & 4 == 0 ? 0 : level)
                return ColorDepth.nearest16(16 + 36 * r + 6 * g + b)
            }
        }
        XCTAssertEqual(nearest, [[0, 1, 2, 3, 4, 5, 6, 7], [0, 9, 10, 11, 12, 13, 14, 15]])
    }
}
