import Foundation
import XCTest
@testable import MigrationCore

/// Feeds randomly damaged copies of real scripts to the parser: it must always return a
/// module or a `PythonSyntaxError` with a sane position, never crash or hang.
final class PythonMutationTests: XCTestCase {
    /// A small seeded generator (SplitMix64) so every run damages the files the same way.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Fragments that tend to confuse a tokenizer or parser.
    static let fragments: [[UInt8]] = [
        "(", ")", "[", "]", "{", "}", "'", "\"", "'''", "\"\"\"", "f'{", "}", "\\", "\n", "\r", "\r\n", "\t",
        "    ", "        ", ":", ",", "=", ":=", "*", "**", "lambda", "match x:\n", "case ", "async ", "@",
        "\u{FEFF}", "é", "#", "0x", "1e", "1_", ".", "...", "->", "if", "else", "yield", "await", "not",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x00]]

    static func mutate(_ source: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = source
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
            let n = bytes.count
            let at = n == 0 ? 0 : Int.random(in: 0..<n, using: &rng)
            switch Int.random(in: 0..<9, using: &rng) {
            case 0 where n > 0:
                bytes.removeSubrange(at..<min(n, at + Int.random(in: 1...8, using: &rng)))
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 2 where n > 0:
                let length = min(n - at, Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[at..<(at + length)], at: at)
            case 3 where n > 1:
                let other = Int.random(in: 0..<n, using: &rng)
                bytes.swapAt(at, other)
            case 4:
                bytes.removeSubrange(at..<n)
            case 5, 6:
                let fragment = fragments[Int.random(in: 0..<fragments.count, using: &rng)]
                bytes.insert(contentsOf: fragment, at: at)
            case 7:
                // Whole lines: delete, duplicate or swap two.
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                guard lines.count > 1 else { break }
                let i = Int.random(in: 0..<lines.count, using: &rng)
                let j = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: lines.remove(at: i)
                case 1: lines.insert(lines[i], at: j)
                default: lines.swapAt(i, j)
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            default:
                // Re-indent a line.
                if let newline = bytes[at...].firstIndex(of: 0x0A) {
                    let spaces = [UInt8](repeating: 0x20, count: Int.random(in: 1...9, using: &rng))
                    bytes.insert(contentsOf: spaces, at: newline + 1)
                }
            }
        }
        return bytes
    }

    func testDamagedRealScriptsNeverCrash() throws {
        let files = try RealHistories.files()
        var rng = SeededGenerator(state: 20_240_601)
        // A fixed sample of about 100 scripts, 60 damaged copies each.
        let step = max(1, files.count / 100)
        let sample = stride(from: 0, to: files.count, by: step).map { files[$0] }
        var parsed = 0
        var rejected = 0
        let start = Date()
        for path in sample {
            let source = try RealHistories.bytes(path)
            for _ in 0..<60 {
                let damaged = Self.mutate(source, &rng)
                do {
                    _ = try PythonParser.parse(damaged, path: path)
                    parsed += 1
                } catch let error as PythonSyntaxError {
                    rejected += 1
                    XCTAssertGreaterThanOrEqual(error.line, 1, "\(path): \(error)")
                    XCTAssertGreaterThanOrEqual(error.column, 1, "\(path): \(error)")
                    XCTAssertFalse(error.message.isEmpty)
                } catch {
                    XCTFail("\(path): unexpected error type \(error)")
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("Mutation test: \(parsed + rejected) damaged copies of \(sample.count) scripts: \(parsed) parsed, \(rejected) rejected, in \(String(format: "%.1f", seconds)) s")
        XCTAssertGreaterThan(rejected, 0)
    }

    /// The deepest nesting still fits a 512 KiB thread stack in an optimized build
    /// (secondary threads get that much on some platforms); debug frames are larger, so a
    /// debug build is given 2 MiB.
    func testDeepestNestingFitsSmallThreadStack() {
        final class Box: @unchecked Sendable { var problems: [String] = [] }
        let box = Box()
        let done = expectation(description: "parsed on a small stack")
        let thread = Thread {
            box.problems = Self.parsePathologicalShapes()
            done.fulfill()
        }
        #if DEBUG
        thread.stackSize = 2048 * 1024
        #else
        thread.stackSize = 512 * 1024
        #endif
        thread.start()
        wait(for: [done], timeout: 60)
        XCTAssertEqual(box.problems, [])
    }

    /// Pathological shapes: deep nesting of every kind ends in an error, never a stack overflow.
    func testPathologicalNestingIsRejected() {
        XCTAssertEqual(Self.parsePathologicalShapes(), [])
    }

    /// Parses each shape; returns descriptions of results that break the rules.
    static func parsePathologicalShapes() -> [String] {
        var problems: [String] = []
        let shapes: [String] = [
            String(repeating: "(", count: 5000),
            "x = " + String(repeating: "-", count: 5000) + "1\n",
            "x = " + String(repeating: "not ", count: 5000) + "y\n",
            "x = " + String(repeating: "lambda: ", count: 5000) + "1\n",
            "x = " + String(repeating: "a if b else ", count: 5000) + "c\n",
            "x = " + String(repeating: "2 ** ", count: 5000) + "1\n",
            "x = " + String(repeating: "await ", count: 5000) + "y\n",
            "x = " + String(repeating: "f(", count: 199) + String(repeating: ")", count: 199) + "\n",
            "x = " + String(repeating: "[", count: 199) + String(repeating: "]", count: 199) + "\n",
            "x = " + String(repeating: "{1: ", count: 199) + "1" + String(repeating: "}", count: 199) + "\n",
            "x = " + String(repeating: "-(", count: 199) + "1" + String(repeating: ")", count: 199) + "\n",
            "match x:\n case " + String(repeating: "[", count: 199) + String(repeating: "]", count: 199) + ": pass\n",
            "x = f'{" + String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199) + "}'\n",
            String(repeating: "x = 1 +\\\n", count: 2000) + "1\n",
            "x = " + String(repeating: "a.", count: 20000) + "b\n",
            "x = " + String(repeating: "a + ", count: 20000) + "b\n",
            "x = a" + String(repeating: "(1)[2]", count: 20000) + "\n",
            "if a: pass\n" + String(repeating: "elif b: pass\n", count: 20000),
            "match x:\n case " + String(repeating: "a.", count: 20000) + "b: pass\n",
        ]
        for shape in shapes {
            if ProcessInfo.processInfo.environment["RETORT_TRACE_SHAPES"] != nil {
                FileHandle.standardError.write(Data(("shape: " + shape.prefix(30) + "\n").utf8))
            }
            do {
                _ = try PythonParser.parse(Array(shape.utf8), path: "deep.py")
            } catch let error as PythonSyntaxError {
                if error.line < 1 || error.column < 1 { problems.append("bad position: \(error)") }
            } catch {
                problems.append("unexpected error type \(error)")
            }
        }
        return problems
    }
}
