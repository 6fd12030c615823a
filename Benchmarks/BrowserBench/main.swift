/// retort-browser-bench: the interactive browser's speed, measured without a terminal.
///
/// Loads the project exactly as the browser does (`BrowserApp.loadState`), renders the
/// first frame at 120x40 into a `ScreenBuffer`, and with `--first-frame` stops there, so
/// that Benchmarks/bench.py can time process start → first frame with hyperfine.
/// Otherwise it replays keys (j, PgDn, search typing, n, the SQL tab on a revision not
/// shown before), times each keypress-to-frame
/// on the monotonic clock, times the confirmation dialog of a 100-step plan
/// (`DialogBench`), and prints one JSON document with the median and p95 per kind.
import Browser
import MigrationCore
import TerminalUI

#if canImport(Glibc)
    import Glibc
#endif

/// Says why on standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    var text = "retort-browser-bench: \(message)\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    exit(status)
}

let options: BenchOptions
do {
    options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    fail("\(error)\n\(BenchOptions.usage)", status: 1)
}

let started = Timings.now()
var project = ProjectOptions()
project.configFiles = options.configFiles
let environment = project.environment
if let count = options.bridgePreviews {
    print(try BridgePreviewBench.measure(project, count: count))
    exit(0)
}
var state: BrowserState
do {
    state = try BrowserApp.loadState(.init(project: project, themeName: nil, environment: environment))
} catch {
    fail("\(error)", status: 2)
}
let loaded = Timings.now()
// As the run loop does before drawing: the list's height follows the terminal's.
state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: options.height)
state.beginFrame(markBudget: BrowserApp.markBudget)
let firstFrame = BrowserScreen.render(state, width: options.width, height: options.height)
let rendered = Timings.now()

if options.firstFrameOnly {
    // Standing in for the copy to the terminal, and keeping the frame from being optimised away.
    print(firstFrame.text)
    exit(0)
}

var replay = KeyReplay(state: state, width: options.width, height: options.height)
replay.repeatMoves("j", .moveDown, count: options.keys)
replay.repeatMoves("pgdn", .pageDown, count: options.keys)
// An old revision's id (its match is near the end, so most characters scan nearly every
// row), a word of a message from the middle (many matches), and a typo (no match at all:
// each character scans every row).
let revisions = state.graph.revisions
let oldest = state.rows.last.map { String(revisions[$0].id.prefix(12)) } ?? "0"
let middle = state.rows.isEmpty ? "" : revisions[state.rows[state.rows.count / 2]].message
let word = middle.split(separator: " ").last.map(String.init) ?? "a"
replay.search(queries: [oldest, word, "zqxj"], count: options.keys)
replay.switchToSQL(count: options.keys)
// The confirmation dialog of a 100-step plan, both ways (none when no line is that long).
let dialog: String
do {
    dialog = try DialogBench.measure(state.graph, rows: state.rows, runs: 5)?.json ?? "null"
} catch {
    fail("the dialog benchmark: \(error)", status: 4)
}

print(
    """
    {"rows": \(state.rowCount), "width": \(options.width), "height": \(options.height), \
    "load_ms": \(Timings.milliseconds(loaded - started)), \
    "first_render_ms": \(Timings.milliseconds(rendered - loaded)), \
    "queries": ["\(oldest)", "\(word)", "zqxj"], \
    "keys": \(replay.timings.json), "dialog": \(dialog), "checksum": \(replay.checksum)}
    """)
