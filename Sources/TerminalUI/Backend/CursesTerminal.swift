import CCurses

#if canImport(Glibc)
    import Glibc
#endif

/// The terminal, through ncurses: the only place in Retort that calls curses.
///
/// It copies a `ScreenBuffer` to the screen with a theme's styles, reads keys, and
/// always gives the terminal back: on `stop()`, and on SIGINT, SIGTERM, SIGHUP and the
/// signals of a crash, whose handlers restore it before the process ends.
/// Ctrl-C presses during `CursesTerminal.interruptible` (written by the signal handler).
nonisolated(unsafe) private var interruptions: sig_atomic_t = 0

public final class CursesTerminal {
    private var pairs: [PairKey: Int16] = [:]
    private var colorsEnabled = false
    private var colorCount = 0
    private(set) var isActive = false

    public init() {}

    /// Takes over the terminal. With `colors` false (NO_COLOR, the mono theme) no colour
    /// is ever sent, only attributes.
    public func start(colors: Bool) {
        setlocale(LC_ALL, "")
        initscr()
        isActive = true
        Self.installSignalHandlers()
        cbreak()
        noecho()
        nonl()
        keypad(retort_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        retort_mouse_on()
        if colors && has_colors() {
            start_color()
            use_default_colors()
            colorsEnabled = true
            colorCount = Int(retort_colors())
        }
    }

    /// Gives the terminal back.
    public func stop() {
        guard isActive else { return }
        endwin()
        isActive = false
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(retort_screen_cols(retort_stdscr())), Int(retort_screen_rows(retort_stdscr())))
    }

    /// Runs `body` with the terminal given back (an editor, say), then takes it again.
    public func suspend(_ body: () -> Void) {
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        refresh()
    }

    /// Copies `screen` to the terminal, each cell in its role's style.
    public func draw(_ screen: ScreenBuffer, theme: Theme) {
        erase()
        for row in 0..<screen.height {
            var column = 0
            while column < screen.width {
                let role = screen[row, column].role
                var text: [wchar_t] = []
                let start = column
                while column < screen.width, screen[row, column].role == role {
                    let cell = screen[row, column]
                    if !cell.isContinuation {
                        for scalar in String(cell.character).unicodeScalars { text.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    column += 1
                }
                let (attributes, pair) = curses(theme.style(role))
                text.withUnsafeBufferPointer { buffer in
                    _ = retort_put(Int32(row), Int32(start), buffer.baseAddress, Int32(buffer.count), attributes, pair)
                }
            }
        }
        refresh()
    }

    /// The next key, waiting for it; nil when nothing usable was read.
    /// With `milliseconds`, waits at most that long and returns nil when no key came.
    public func readKey(timeout milliseconds: Int? = nil) -> Key? {
        timeout(Int32(milliseconds ?? -1))
        var value: wint_t = 0
        let kind = retort_read(&value)
        if kind == KEY_CODE_YES {
            switch Int32(value) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_NPAGE: return .pageDown
            case KEY_PPAGE: return .pageUp
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_RESIZE: return .resize
            case KEY_BACKSPACE: return .backspace
            case KEY_ENTER: return .enter
            case KEY_BTAB: return .backTab
            case KEY_MOUSE:
                var y: Int32 = 0
                var x: Int32 = 0
                switch retort_mouse_event(&y, &x) {
                case 1: return .mouse(MouseEvent(.press, row: Int(y), column: Int(x)))
                case 4: return .mouse(MouseEvent(.wheelUp, row: Int(y), column: Int(x)))
                case 5: return .mouse(MouseEvent(.wheelDown, row: Int(y), column: Int(x)))
                default: return nil
                }
            default: return nil
            }
        }
        guard kind == OK, let scalar = Unicode.Scalar(UInt32(value)) else { return nil }
        switch scalar.value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(scalar.value + 96) ?? "?"))
        default: return .character(Character(scalar))
        }
    }

    // MARK: Styles

    private struct PairKey: Hashable {
        var foreground: Int16
        var background: Int16
    }

    private func curses(_ style: Style) -> (attr_t, Int16) {
        var attributes: attr_t = 0
        for attribute in style.attributes {
            switch attribute {
            case .bold: attributes |= retort_attr_bold()
            case .dim: attributes |= retort_attr_dim()
            case .italic: attributes |= retort_attr_italic()
            case .underline: attributes |= retort_attr_underline()
            case .reverse: attributes |= retort_attr_reverse()
            case .blink: attributes |= retort_attr_blink()
            }
        }
        guard colorsEnabled else { return (attributes, 0) }
        let depth = ColorDepth(colors: colorCount)
        let mapped = depth.map(style.foreground)
        let (foreground, background) = (Int16(mapped.number), Int16(depth.map(style.background).number))
        if mapped.bold { attributes |= retort_attr_bold() }
        if foreground == -1 && background == -1 { return (attributes, 0) }
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return (attributes, pair) }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < retort_color_pairs() else { return (attributes, 0) }
        init_pair(next, foreground, background)
        pairs[key] = next
        return (attributes, next)
    }

    /// Runs `body` with Ctrl-C asking it to stop rather than ending Retort: `body` is
    /// given whether Ctrl-C was pressed. A second Ctrl-C gives the terminal back and ends
    /// the process as usual.
    public func interruptible<T>(_ body: (_ interrupted: @escaping () -> Bool) throws -> T) rethrows -> T {
        interruptions = 0
        signal(SIGINT) { received in
            interruptions += 1
            guard interruptions > 1 else { return }
            endwin()
            signal(received, SIG_DFL)
            raise(received)
        }
        defer { Self.installSignalHandlers() }
        return try body { interruptions > 0 }
    }

    // MARK: Giving the terminal back on signals

    private static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL] {
            signal(sig) { received in
                endwin()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
