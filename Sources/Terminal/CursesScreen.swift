import CNCurses
import ConsoleUI
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one owner of ncurses: every curses call in the program happens here, on the main actor — the main
/// loop's own thread, so reading keys and drawing a frame cost no hop to another thread.
@MainActor
public final class CursesScreen {
    public private(set) var theme: Theme
    /// The colour mode in use: fixed by `init`, or detected from `COLORS` and `NO_COLOR` by `start()`.
    public private(set) var colorMode: ColorMode
    private let requestedColorMode: ColorMode?
    private var started = false
    private var unicodeOutput = true
    private var colorSetup = ColorSetup()
    /// Attributes and colour pair per role, rebuilt when the theme or mode changes.
    private var roleAttributes: [StyleRole: RoleAttributes] = [:]
    /// The frame now on the screen; nil when the screen must be drawn whole (first frame, resize, theme).
    private var shown: Frame?

    /// - Parameter colorMode: force a mode (tests, `--color`); nil detects it from the terminal and NO_COLOR.
    nonisolated public init(theme: Theme, colorMode: ColorMode? = nil) {
        self.theme = theme
        self.requestedColorMode = colorMode
        self.colorMode = colorMode ?? .none
    }

    /// Takes over the terminal. Throws instead of exiting when stdin/stdout is not a terminal or TERM is unknown.
    public func start() throws(TerminalError) {
        guard !started else { return }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError("the console needs a terminal: stdin and stdout must be a tty (run it in a terminal or tmux, not through a pipe)")
        }
        unicodeOutput = CursesScreen.localeUsesUTF8()
        // Before curses changes the terminal's modes, and on this (the main) thread: the crash handler's stack.
        CrashRestore.prepare()
        guard ColorSetup.openTerminal(requested: requestedColorMode) else {
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw TerminalError("cannot open the terminal: TERM=\(term) has no terminfo entry (try TERM=xterm-256color)")
        }
        started = true
        shown = nil
        TerminalRestore.shared.markActive()
        let window = cn_stdscr()
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = curs_set(0)
        cn_set_escdelay(25)
        applyColors()
    }

    /// OSC 52: asks the terminal to put `text` on its clipboard (tmux with `set-clipboard on` keeps it
    /// in its paste buffer and passes it on). Sent after curses' own output, on this actor like every
    /// other byte the console writes to the terminal. False when the console has no terminal.
    @discardableResult
    public func copyToClipboard(_ text: String) -> Bool {
        guard started else { return false }
        let sequence = Array(("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}").utf8)
        fflush(nil)  // curses' buffered output first, so the sequence lands after the frame
        var sent = 0
        while sent < sequence.count {
            let written = sequence[sent...].withUnsafeBytes { writeOut($0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            sent += written
        }
        return true
    }

    /// Gives the terminal back (endwin). Safe to call twice, and after `TerminalRestore.emergencyRestore()`.
    public func stop() {
        guard started else { return }
        started = false
        TerminalRestore.shared.restore()
    }

    /// The screen's size as ncurses knows it; fresh after a `.resize` from `readKeys()`.
    public func size() -> Size {
        guard started else { return CursesScreen.ttySize() ?? Size(width: 80, height: 24) }
        var rows: Int32 = 0, cols: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &rows, &cols)
        return Size(width: Int(cols), height: Int(rows))
    }

    /// Draws a frame, writing only the cells that differ from the frame drawn before (the whole frame
    /// after a resize, a theme change or at first), then one `doupdate` so ncurses sends only the difference.
    /// A frame rendered for an older size is clipped to the screen.
    public func draw(_ frame: Frame) {
        guard started else { return }
        let window = cn_stdscr()
        let screen = size()
        let width = min(frame.size.width, screen.width), height = min(frame.size.height, screen.height)
        let previous = shown.flatMap { $0.size == frame.size && frame.size == screen ? $0 : nil }
        if previous == nil { _ = werase(window) }
        var pen = Pen()
        let stride = frame.size.width
        frame.cells.withUnsafeBufferPointer { cells in
            (previous?.cells ?? []).withUnsafeBufferPointer { before in
                for y in 0..<max(0, height) {
                    for x in 0..<max(0, width) {
                        let index = y * stride + x
                        if !before.isEmpty, Self.same(cells[index], before[index]) { continue }
                        write(cells[index], x: x, y: y, with: &pen, in: window)
                    }
                }
            }
        }
        shown = frame.size == screen ? frame : nil
        guard previous == nil || pen.wrote else { return }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Whether a cell is unchanged, cheaply enough to ask of every cell of every frame: the style field by
    /// field, the character by its bits (one character is stored inline, so equal bits are equal text;
    /// equal text in unequal bits only costs a rewrite).
    private nonisolated static func same(_ a: Cell, _ b: Cell) -> Bool {
        guard a.style.role == b.style.role, a.style.bold == b.style.bold, a.style.reverse == b.style.reverse,
              a.style.underline == b.style.underline else { return false }
        guard MemoryLayout<Character>.size == 16 else { return a.character == b.character }
        let x = unsafeBitCast(a.character, to: (UInt64, UInt64).self), y = unsafeBitCast(b.character, to: (UInt64, UInt64).self)
        return x.0 == y.0 && x.1 == y.1
    }

    /// What the last cell was written with: a style's attributes are worked out once per run of it.
    private struct Pen {
        var style: Style?
        var attributes = cn_a_normal()
        var pair: Int16 = 0
        var wrote = false
        var cell = cchar_t()
        var text: [wchar_t] = [0, 0, 0, 0, 0, 0]
    }

    private func write(_ source: Cell, x: Int, y: Int, with pen: inout Pen, in window: UnsafeMutablePointer<WINDOW>?) {
        if source.style != pen.style {
            (pen.attributes, pen.pair) = attributesAndPair(for: source.style)
            pen.style = source.style
        }
        fill(&pen.text, with: source.character)
        _ = setcchar(&pen.cell, pen.text, pen.attributes, pen.pair, nil)
        // The bottom-right cell reports ERR (the cursor cannot advance) but is written.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &pen.cell)
        pen.wrote = true
    }

    /// Every key waiting, without blocking. A resize (ncurses' KEY_RESIZE, or a size change seen
    /// directly on the tty) comes back once as `.resize`, after ncurses has resized, so `size()` is current.
    public func readKeys() -> [KeyInput] {
        guard started else { return [] }
        var keys: [KeyInput] = []
        if resizeIfTheTTYChanged() {
            keys.append(.resize)
            shown = nil
        }
        let window = cn_stdscr()
        var value: wint_t = 0
        // Bounded so a flood of input (a paste) cannot hold the actor forever.
        for _ in 0..<512 {
            let status = wget_wch(window, &value)
            if status == cn_err() { break }
            let key = status == cn_key_code_yes() ? CursesScreen.decodeKeyCode(Int32(value)) : CursesScreen.decodeCharacter(UInt32(value))
            guard let key else { continue }
            if key == .resize, keys.contains(.resize) { continue }
            if key == .resize { shown = nil }
            keys.append(key)
        }
        return keys
    }

    // MARK: - Locale and tty

    /// Sets the program's locale from the environment (as curses needs) and says whether it encodes UTF-8;
    /// pass the answer to `Glyphs.forLocale(utf8:)`.
    nonisolated public static func localeUsesUTF8() -> Bool {
        _ = setlocale(LC_ALL, "")
        return cn_locale_is_utf8() == 1
    }

    /// The kernel's idea of the terminal size, nil when stdout is not a tty.
    nonisolated public static func ttySize() -> Size? {
        var rows: Int32 = 0, cols: Int32 = 0
        guard cn_tty_size(STDOUT_FILENO, &rows, &cols) == 0 else { return nil }
        return Size(width: Int(cols), height: Int(rows))
    }

    // MARK: - Private

    /// ncurses only notices SIGWINCH through its own handler; this also catches a size change when that handler
    /// was not installed (a handler existed before start) and makes `size()` right before the app lays out.
    private func resizeIfTheTTYChanged() -> Bool {
        guard let tty = CursesScreen.ttySize() else { return false }
        guard is_term_resized(Int32(tty.height), Int32(tty.width)) else { return false }
        _ = resizeterm(Int32(tty.height), Int32(tty.width))
        return true
    }

    /// Colour pairs for the theme (ColorSetup.swift holds the colour logic).
    private func applyColors() {
        (colorMode, roleAttributes) = colorSetup.apply(theme: theme, requested: requestedColorMode)
    }

    private func attributesAndPair(for style: Style) -> (attr_t, Int16) {
        let role = roleAttributes[style.role] ?? RoleAttributes(attributes: cn_a_normal(), pair: 0)
        var (attributes, pair) = (role.attributes, role.pair)
        if style.bold { attributes |= cn_a_bold() }
        if style.underline { attributes |= cn_a_underline() }
        // A cell's own reverse flips the role's, so a reversed role can be un-reversed for emphasis.
        if style.reverse { attributes ^= cn_a_reverse() }
        return (attributes, pair)
    }

    /// The character as a NUL-terminated wide string: the base scalar plus up to 4 combining marks.
    private func fill(_ text: inout [wchar_t], with character: Character) {
        var index = 0
        for scalar in character.unicodeScalars.prefix(5) {
            if !unicodeOutput && !scalar.isASCII {
                // A non-UTF-8 locale cannot show it; widgets should have used Glyphs.ascii.
                text[0] = wchar_t(UInt8(ascii: "?")); index = 1; break
            }
            if scalar.value < 0x20 || scalar.value == 0x7f { text[index] = wchar_t(UInt8(ascii: " ")) }
            else { text[index] = wchar_t(bitPattern: scalar.value) }
            index += 1
        }
        if index == 0 { text[0] = wchar_t(UInt8(ascii: " ")); index = 1 }
        text[index] = 0
    }

    nonisolated static func decodeKeyCode(_ code: Int32) -> KeyInput? {
        switch code {
        case cn_key_up(): .up
        case cn_key_down(): .down
        case cn_key_left(): .left
        case cn_key_right(): .right
        case cn_key_btab(): .backTab
        case cn_key_enter(): .enter
        case cn_key_backspace(): .backspace
        case cn_key_ppage(): .pageUp
        case cn_key_npage(): .pageDown
        case cn_key_home(): .home
        case cn_key_end(): .end
        case cn_key_resize(): .resize
        default: nil
        }
    }

    nonisolated static func decodeCharacter(_ value: UInt32) -> KeyInput? {
        switch value {
        case 9: .tab
        case 10, 13: .enter
        case 27: .escape
        case 8, 127: .backspace
        case 0..<32: nil // Ctrl-letters are not bound: they fight tmux.
        default: Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }
}

/// write(2) to the terminal (the class has a `write` of its own).
private func writeOut(_ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(STDOUT_FILENO, bytes, count)
}
