import CNCurses
import ConsoleUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The attributes and colour pair `draw` gives every cell of one role.
struct RoleAttributes {
    var attributes: attr_t
    var pair: Int16
}

/// The colour half of the curses backend: which `ColorMode` the terminal gets, and one colour pair per
/// role of the theme. Only `CursesScreen` calls it, after `newterm`, so it is inside the screen's actor.
struct ColorSetup {
    private var colorsStarted = false
    private var defaultColorsWork = false

    /// Opens the terminal (newterm): TERM's entry, or its direct-colour sibling when COLORTERM promises
    /// 24-bit colour and the sibling is installed (Debian: ncurses-term). False when neither opens.
    static func openTerminal(requested: ColorMode?) -> Bool {
        if requested == nil || requested == .truecolor,
           let entry = ColorMode.directColorEntry(term: getenv("TERM").map { String(cString: $0) }, environment: environment()),
           cn_newterm(entry) != nil {
            return true
        }
        return cn_newterm(nil) != nil
    }

    /// (Re)builds every role's pair for `theme`; `requested` forces a mode (tests, `--color`), nil detects
    /// it from terminfo, COLORTERM and NO_COLOR.
    mutating func apply(theme: Theme, requested: ColorMode?) -> (mode: ColorMode, roles: [StyleRole: RoleAttributes]) {
        let environment = ColorSetup.environment()
        var defaultFg: Int32 = -1, defaultBg: Int32 = -1
        var mode = requested ?? ColorMode.detect(colors: 256, environment: environment)
        var direct = false
        if mode != .none && has_colors() {
            // COLORS and the RGB capability are only known after start_color; NO_COLOR never gets this far.
            if !colorsStarted {
                _ = start_color()
                defaultColorsWork = use_default_colors() == cn_ok()
                colorsStarted = true
            }
            if !defaultColorsWork { defaultFg = 7; defaultBg = 0 }
            direct = cn_direct_color() == 1
            mode = requested ?? ColorMode.detect(colors: Int(cn_colors()), directColor: direct, environment: environment)
        } else {
            mode = .none
        }
        let styles = theme.terminalStyles(for: mode)
        let colorNumber: (Int16, UInt32?) -> Int32
        if mode == .none {
            colorNumber = { _, _ in -1 }
        } else if direct {
            // A direct-colour entry's colour numbers are 0xRRGGBB in every mode a test may force.
            colorNumber = { ColorMapping.directColor(index: $0, rgb: $1) }
        } else if mode == .truecolor {
            let palette = RedefinedPalette(styles: styles)
            colorNumber = { palette.color($0, rgb: $1) }
        } else {
            colorNumber = { index, _ in Int32(index) }
        }
        var roles: [StyleRole: RoleAttributes] = [:]
        for (offset, role) in StyleRole.allCases.enumerated() {
            let style = styles[role] ?? TerminalRoleStyle()
            var attributes = cn_a_normal()
            if style.bold { attributes |= cn_a_bold() }
            if style.underline { attributes |= cn_a_underline() }
            if style.reverse { attributes |= cn_a_reverse() }
            var pair: Int16 = 0
            if mode != .none {
                pair = Int16(offset + 1)
                let fg = colorNumber(style.fg, style.fgRGB), bg = colorNumber(style.bg, style.bgRGB)
                _ = init_extended_pair(Int32(pair), fg < 0 ? defaultFg : fg, bg < 0 ? defaultBg : bg)
            }
            roles[role] = RoleAttributes(attributes: attributes, pair: pair)
        }
        return (mode, roles)
    }

    /// `COLORTERM=truecolor` on a 256-colour entry that lets the palette be redefined (`ccc`, as
    /// xterm-256color): the theme's `#rrggbb` colours are written into palette slots the theme does not
    /// use (ncurses puts the palette back on exit, through `oc`); elsewhere the nearest of 256 stays.
    private struct RedefinedPalette {
        var slots: [UInt32: Int32] = [:]

        init(styles: [StyleRole: TerminalRoleStyle]) {
            guard can_change_color(), cn_colors() >= 256 else { return }
            let wanted = Set(styles.values.flatMap { [$0.fgRGB, $0.bgRGB] }.compactMap { $0 })
            let used = Set(styles.values.flatMap { [Int32($0.fg), Int32($0.bg)] })
            var free = (16..<256).reversed().map(Int32.init).filter { !used.contains($0) }
            for rgb in wanted.sorted() {
                guard let slot = free.first else { break }
                free.removeFirst()
                // curses takes 0–1000 and terminfo's initc scales back down, truncating: round up so it lands exactly.
                let scale = { (shift: UInt32) in Int32(((rgb >> shift & 0xff) * 1000 + 254) / 255) }
                if init_extended_color(slot, scale(16), scale(8), scale(0)) == cn_ok() { slots[rgb] = slot }
            }
        }

        /// The redefined slot for a 24-bit colour, else the palette index (the nearest of 256).
        func color(_ index: Int16, rgb: UInt32?) -> Int32 {
            if let rgb, let slot = slots[rgb] { return slot }
            return Int32(index)
        }
    }

    private static func environment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "COLORTERM"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }
}
