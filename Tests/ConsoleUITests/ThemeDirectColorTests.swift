import Testing
@testable import ConsoleUI

/// Direct-colour terminals (terminfo `RGB`, TERM=xterm-direct or tmux-direct): a colour number is 0xRRGGBB.
@Suite struct ThemeDirectColorTests {
    @Test(arguments: [
        ([String: String](), ColorMode.truecolor), (["COLORTERM": "truecolor"], .truecolor),
        (["NO_COLOR": "1"], .none), (["NO_COLOR": "", "COLORTERM": ""], .truecolor),
    ])
    func aDirectColourTerminalIsTruecolorWithOrWithoutCOLORTERM(_ environment: [String: String], _ mode: ColorMode) {
        // Palette indexes on such a terminal would be read as 0x0000NN: every grey would be a dark blue.
        #expect(ColorMode.detect(colors: 0x100_0000, directColor: true, environment: environment) == mode)
    }

    @Test func withoutRGBThe24BitColourCountAloneIsNotTrustedAsDirect() {
        #expect(ColorMode.detect(colors: 0x100_0000, directColor: false, environment: [:]) == .palette256)
    }

    @Test(arguments: [
        // The theme's 24-bit value, exactly (the colour-blind theme's sky blue and vermillion).
        (Int16(74), UInt32?(0x56b4e9), Int32(0x56b4e9)), (166, 0xd55e00, 0xd55e00),
        // The terminal's default stays the default; ANSI 0–7 stay the user's own palette.
        (-1, nil, -1), (6, nil, 6), (0, nil, 0),
        // Palette indexes 8–255 become xterm's value for them: 245 is grey 138, 236 grey 48, 196 pure red.
        (245, nil, 0x8a8a8a), (236, nil, 0x303030), (196, nil, 0xff0000), (9, nil, 0xff0000),
        // Below 256 some entries read a palette index: a near-black blue gets one invisible step of green.
        (16, 0x000000, 0x000100), (17, 0x00005f, 0x00015f), (16, nil, 0x000100),
    ])
    func directColourNumbers(_ index: Int16, _ rgb: UInt32?, _ expected: Int32) {
        #expect(ColorMapping.directColor(index: index, rgb: rgb) == expected)
    }

    @Test(arguments: [
        ("xterm-256color", "truecolor", String?("xterm-direct")), ("tmux-256color", "24bit", "tmux-direct"),
        ("xterm", "truecolor", "xterm-direct"), ("vte-256color", "TrueColor", "vte-direct"), ("xterm-color", "truecolor", "xterm-direct"),
        // Nothing promised, or nothing to switch to.
        ("tmux-256color", "", nil), ("tmux-256color", "yes", nil), ("xterm-direct", "truecolor", nil), ("dumb", "truecolor", nil),
        ("", "truecolor", nil),
    ])
    func colortermPromisingTruecolorOpensTheTerminalsDirectColourEntry(_ term: String, _ colorTerm: String, _ entry: String?) {
        #expect(ColorMode.directColorEntry(term: term, environment: ["COLORTERM": colorTerm]) == entry)
    }

    @Test func noColorNeverSwitchesTheTerminfoEntry() {
        #expect(ColorMode.directColorEntry(term: "xterm-256color", environment: ["COLORTERM": "truecolor", "NO_COLOR": "1"]) == nil)
        #expect(ColorMode.directColorEntry(term: nil, environment: ["COLORTERM": "truecolor"]) == nil)
    }

    @Test func everyBuiltInThemeSendsItsExactColoursToADirectTerminal() throws {
        for theme in Theme.builtInThemes.values {
            for (role, style) in theme.terminalStyles(for: .truecolor) {
                if case let .rgb(r, g, b) = theme[role].fg {
                    let packed = Int32(r) << 16 | Int32(g) << 8 | Int32(b)
                    #expect(ColorMapping.directColor(index: style.fg, rgb: style.fgRGB) == packed,
                            "\(theme.name) \(role)")
                }
            }
        }
    }
}
