import Browser
import TerminalUI

/// Replays keys as the browser's run loop handles them: each one is a state update
/// (`BrowserState.apply` or `updateSearch`) and a whole frame rendered into a
/// `ScreenBuffer`, timed together as one keypress-to-frame.
struct KeyReplay {
    var state: BrowserState
    let width: Int
    let height: Int
    var timings = Timings()
    /// Folds a cell of every frame in, so that no frame can be optimised away.
    private(set) var checksum = 0

    init(state: BrowserState, width: Int, height: Int) {
        self.state = state
        self.width = width
        self.height = height
    }

    /// One key of `kind`: `update`, then the frame, both timed.
    private mutating func press(_ kind: String, searchPrompt: String? = nil, _ update: (inout BrowserState) -> Void) {
        var state = self.state
        let screen = timings.time(kind) { () -> ScreenBuffer in
            update(&state)
            state.beginFrame(markBudget: BrowserApp.markBudget)
            return BrowserScreen.render(state, width: width, height: height, searchPrompt: searchPrompt)
        }
        self.state = state
        let cell = screen[min(height - 1, 1 + state.selected - state.top), 0]
        checksum &+= Int(cell.character.unicodeScalars.first?.value ?? 0)
    }

    /// `count` presses of `command` from the top; back to the top (untimed) at the last row.
    mutating func repeatMoves(_ kind: String, _ command: BrowserCommand, count: Int) {
        _ = state.apply(.first)
        for _ in 0..<count {
            if state.selected == state.rowCount - 1 { _ = state.apply(.first) }
            press(kind) { _ = $0.apply(command) }
        }
    }

    /// The SQL tab chosen on `count` revisions in turn, each never shown before: the
    /// selection moves down (untimed, on the Details tab), then the tab switch is timed,
    /// which reads, evaluates and renders that revision's functions for its first frame.
    mutating func switchToSQL(count: Int) {
        _ = state.apply(.first)
        for _ in 0..<count {
            if state.selected == state.rowCount - 1 { break }
            state.showTab(0)
            _ = state.apply(.moveDown)
            press("sql tab") { $0.showTab(BrowserState.tabs.firstIndex(of: "SQL") ?? 3) }
        }
    }

    /// Search as people use it: `/`, the query typed one character at a time (each
    /// character a search and a frame), Enter, then `n` a few times; over `queries` in
    /// turn until `count` characters and `count` `n`s have been timed. `/` is timed as
    /// well: the first one after loading prepares the search index.
    mutating func search(queries: [String], count: Int, nextPerQuery: Int = 10) {
        var typed = 0
        var nexts = 0
        var turn = 0
        while typed < count || nexts < count {
            let query = queries[turn % queries.count]
            turn += 1
            var started = false
            press("/", searchPrompt: "") { started = $0.apply(.search) == .startSearch }
            guard started else { return }
            var text = ""
            for character in query where typed < count {
                text.append(character)
                let prompt = text
                press("search typing", searchPrompt: prompt) { $0.updateSearch(prompt) }
                typed += 1
            }
            state.endSearch(keep: true)
            for _ in 0..<nextPerQuery where nexts < count {
                press("n") { _ = $0.apply(.nextMatch) }
                nexts += 1
            }
        }
    }
}
