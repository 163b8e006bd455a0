/// What the terminal can show, decided by the backend from terminfo (`colors`, `RGB`), `COLORTERM` and `NO_COLOR`.
public enum ColorMode: Sendable, Equatable, CaseIterable {
    /// No colour at all (NO_COLOR, or a terminal without colours): only bold, underline and reverse.
    case none
    /// The 8 ANSI colours; bright names become the base colour plus bold.
    case ansi8
    /// 16 colours: names keep their bright variants, everything else maps to the ANSI 8.
    case ansi16
    /// xterm's 256-colour palette; `#rrggbb` goes to the nearest entry from 16 up.
    case palette256
    /// 24-bit colour: a direct-colour terminfo entry (`RGB`, e.g. TERM=xterm-direct) sends `#rrggbb`
    /// exactly; `COLORTERM=truecolor` on a 256-colour entry redefines palette slots where the terminal
    /// lets it, else shows the nearest of 256.
    case truecolor

    /// The mode for a terminal reporting `colors` colours, with NO_COLOR honoured (set and not empty).
    /// A direct-colour terminfo entry is always truecolor: its colour numbers are 0xRRGGBB, so palette
    /// indexes would show as shades of blue. COLORTERM's promise of 24-bit colour is believed on any
    /// terminal with 256 colours or more.
    public static func detect(colors: Int, directColor: Bool = false, environment: [String: String]) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if directColor { return .truecolor }
        let colorTerm = environment["COLORTERM"]?.lowercased()
        if colors >= 256, colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        switch colors {
        case 256...: return .palette256
        case 16...: return .ansi16
        case 8...: return .ansi8
        default: return .none
        }
    }
}

extension ColorMode {
    /// The terminfo entry to open instead of TERM's when COLORTERM promises 24-bit colour: the same
    /// terminal's direct-colour entry (xterm-256color → xterm-direct, tmux-256color → tmux-direct), which
    /// differs from it only in how colours are sent. Nil when nothing was promised, NO_COLOR is set, or
    /// TERM is direct already; the caller falls back to TERM when the entry is not installed.
    public static func directColorEntry(term: String?, environment: [String: String]) -> String? {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return nil }
        guard let colorTerm = environment["COLORTERM"]?.lowercased(), colorTerm == "truecolor" || colorTerm == "24bit",
              let term, !term.isEmpty, term != "dumb", !term.contains("direct") else { return nil }
        var family = Substring(term)
        for suffix in ["-256color", "-88color", "-16color", "-color"] where family.hasSuffix(suffix) {
            family = family.dropLast(suffix.count)
            break
        }
        return family.isEmpty ? nil : family + "-direct"
    }
}

/// A role as the terminal draws it: palette indexes (-1 is the terminal's default) and attributes.
public struct TerminalRoleStyle: Sendable, Equatable {
    public var fg: Int16
    public var bg: Int16
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    /// In `.truecolor`, the 24-bit colour (0xRRGGBB) a `#rrggbb` role asks for; `fg`/`bg` hold its nearest of 256.
    public var fgRGB: UInt32?
    public var bgRGB: UInt32?

    public init(fg: Int16 = -1, bg: Int16 = -1, bold: Bool = false, underline: Bool = false, reverse: Bool = false,
                fgRGB: UInt32? = nil, bgRGB: UInt32? = nil) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.underline = underline; self.reverse = reverse
        self.fgRGB = fgRGB; self.bgRGB = bgRGB
    }
}

extension Theme {
    /// How every role is drawn in `mode`. Pure, so the mapping is tested without a terminal.
    public func terminalStyles(for mode: ColorMode) -> [StyleRole: TerminalRoleStyle] {
        Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { ($0, terminalStyle(self[$0], mode: mode)) })
    }

    func terminalStyle(_ spec: RoleSpec, mode: ColorMode) -> TerminalRoleStyle {
        var style = TerminalRoleStyle(bold: spec.bold, underline: spec.underline, reverse: spec.reverse)
        switch mode {
        case .none:
            // Without colour a role set apart by its background (selection, gate key, banner) keeps its meaning in reverse video.
            if spec.bg != .default { style.reverse.toggle() }
        case .palette256:
            style.fg = index256(spec.fg)
            style.bg = index256(spec.bg)
        case .truecolor:
            style.fg = index256(spec.fg)
            style.bg = index256(spec.bg)
            style.fgRGB = Self.packed(spec.fg)
            style.bgRGB = Self.packed(spec.bg)
        case .ansi8, .ansi16:
            let backdrop = ColorMapping.appearance(of: spec.bg) ?? appearance
            let (fg, brightFg) = index8(spec.fg, on: backdrop, keepBright: mode == .ansi16)
            let (bg, _) = index8(spec.bg, on: nil, keepBright: mode == .ansi16)
            style.fg = fg
            style.bg = bg
            if brightFg { style.bold = true }
        }
        return style
    }

    /// 0xRRGGBB for a `#rrggbb` colour; nil for names, indexes and default, which the terminal's palette decides.
    static func packed(_ color: ThemeColor) -> UInt32? {
        guard case let .rgb(r, g, b) = color else { return nil }
        return UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
    }

    func index256(_ color: ThemeColor) -> Int16 {
        switch color {
        case .default: -1
        case .index(let index): Int16(index)
        case let .rgb(r, g, b): Int16(ColorMapping.nearest256(r: r, g: g, b: b))
        }
    }

    /// An index 0–7 (or 0–15 when bright is kept) and whether a bright foreground needs bold to show it.
    func index8(_ color: ThemeColor, on backdrop: Appearance?, keepBright: Bool) -> (Int16, bright: Bool) {
        switch color {
        case .default:
            return (-1, false)
        case .index(let index) where index < 8:
            return (Int16(index), false)
        case .index(let index) where index < 16 && keepBright:
            return (Int16(index), false)
        case .index(let index) where index > 8 && index < 16:
            return (Int16(index - 8), backdrop != nil)
        case .index(let index):
            let value = ColorMapping.rgb(ofIndex: index)
            return (Int16(ColorMapping.nearest8(r: value.r, g: value.g, b: value.b, on: backdrop)), false)
        case let .rgb(r, g, b):
            return (Int16(ColorMapping.nearest8(r: r, g: g, b: b, on: backdrop)), false)
        }
    }
}
