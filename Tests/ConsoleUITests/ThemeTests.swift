import Foundation
import Testing
@testable import ConsoleUI
import Storage

@Suite struct ThemeTests {
    // MARK: loading

    @Test func builtInThemeDefinesEveryRole() {
        let theme = Theme.builtIn
        #expect(theme.name == "default")
        #expect(theme.roles.count == StyleRole.allCases.count)
        #expect(theme[.danger] == RoleSpec(fg: .index(1), bg: .default, bold: true))
        #expect(theme[.muted].fg == .index(245))
        #expect(theme[.gateKey] == RoleSpec(fg: .index(0), bg: .index(3), bold: true))
    }

    @Test func missingRolesFallBackToTheBuiltIn() throws {
        let theme = try Theme.load(yaml: """
            name: tiny
            description: only danger
            appearance: light
            roles:
              danger: { fg: "#af0000", underline: true }
            """, file: "tiny.yaml")
        #expect(theme.name == "tiny")
        #expect(theme.appearance == .light)
        #expect(theme[.danger] == RoleSpec(fg: .rgb(r: 0xaf, g: 0, b: 0), bg: .default, underline: true))
        #expect(theme[.ok] == Theme.builtIn[.ok])
    }

    @Test func aThemeWithoutANameIsNamedForItsFile() throws {
        let theme = try Theme.load(yaml: "roles:\n  ok: { fg: green }\n", file: "/home/me/themes/calm.yaml")
        #expect(theme.name == "calm")
    }

    struct BrokenTheme: Sendable, CustomTestStringConvertible {
        var yaml: String
        var expected: String
        var testDescription: String { expected }
    }

    @Test(arguments: [
        BrokenTheme(yaml: "name: x\nroles:\n  dangr: { fg: red }\n",
                    expected: "broken.yaml:3:3: roles.dangr: unknown key"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok: { fg: red }\n  warn:\n    fg: purple\n",
                    expected: "broken.yaml:5:9: roles.warn.fg: 'purple' is not a colour"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok: { fg: 300 }\n",
                    expected: "broken.yaml:3:13: roles.ok.fg: '300' is not a colour"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok: { fg: green, blink: true }\n",
                    expected: "broken.yaml:3:20: roles.ok.blink: unknown key"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok: { fg: green, bold: maybe }\n",
                    expected: "broken.yaml:3:26: roles.ok.bold: expected true or false"),
        BrokenTheme(yaml: "name: x\ncolours: {}\n",
                    expected: "broken.yaml:2:1: colours: unknown key"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok:\n    fg: #00ff00\n",
                    expected: "broken.yaml:4:8: roles.ok.fg: missing colour"),
        BrokenTheme(yaml: "name: x\nroles:\n  ok: { fg: #00ff00 }\n",
                    expected: "broken.yaml:4:1: not valid YAML"),
        BrokenTheme(yaml: "name: x\nappearance: dim\n",
                    expected: "broken.yaml:2:13: appearance: expected dark or light"),
        BrokenTheme(yaml: "name: x\nroles: [ok]\n",
                    expected: "broken.yaml:2:8: roles: expected a mapping"),
    ])
    func brokenThemeFilesAreRejectedWithFileLineAndKey(_ broken: BrokenTheme) {
        #expect {
            try Theme.load(yaml: broken.yaml, file: "broken.yaml")
        } throws: { error in
            String(describing: error).hasPrefix(broken.expected)
        }
    }

    /// Themes/ beside the package, read from the source tree so every file there is checked, embedded or not.
    static let themesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Themes")

    static var themeFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: themesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test(arguments: themeFiles)
    func everyThemeFileInThemesLoadsCompletely(_ file: String) throws {
        let path = Self.themesDirectory.appendingPathComponent(file).path
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
        // nil fallback: a shipped theme names every role rather than leaning on the default.
        let theme = try ThemeLoader.load(yaml: yaml, file: file, fallback: nil)
        #expect(theme.name + ".yaml" == file)
        #expect(!theme.description.isEmpty)
    }

    @Test func embeddedDefaultMatchesThemesDefault() throws {
        let onDisk = try Theme.load(contentsOfFile: Self.themesDirectory.appendingPathComponent("default.yaml").path)
        #expect(onDisk == Theme.builtIn)
    }

    // MARK: colours

    @Test(arguments: [
        ("default", ThemeColor.default), ("red", .index(1)), ("bright-white", .index(15)), ("grey", .index(8)),
        ("0", .index(0)), ("245", .index(245)), ("#FF8700", .rgb(r: 0xff, g: 0x87, b: 0)),
    ])
    func colourValuesParse(_ text: String, _ color: ThemeColor) {
        #expect(ThemeColor(parsing: text) == color)
    }

    @Test(arguments: ["purple", "256", "-1", "#ff87", "#gg0000", "", "bright red"])
    func badColourValuesDoNotParse(_ text: String) {
        #expect(ThemeColor(parsing: text) == nil)
    }

    @Test(arguments: [
        ("#000000", 16), ("#ffffff", 231), ("#ff0000", 196), ("#ff8700", 208), ("#5f87af", 67),
        ("#808080", 244), ("#8a8a8a", 245), ("#303030", 236), ("#d7d7d7", 188), ("#0a0a0a", 232),
        ("#eeeeee", 255), ("#fe0102", 196),
    ])
    func rgbMapsToTheNearestOf256(_ hex: String, _ expected: Int) throws {
        guard case let .rgb(r, g, b) = try #require(ThemeColor(parsing: hex)) else { Issue.record("not rgb"); return }
        #expect(ColorMapping.nearest256(r: r, g: g, b: b) == UInt8(expected))
    }

    @Test(arguments: [
        ("#ff0000", Appearance.dark, 1), ("#00d700", .dark, 2), ("#ffd700", .dark, 3), ("#5f5fff", .dark, 4),
        ("#d700d7", .dark, 5), ("#00afaf", .dark, 6), ("#ff8700", .dark, 3), ("#af0000", .light, 1),
        ("#000000", .dark, 0), ("#ffffff", .dark, 7),
        // A dim grey stays readable: white on a dark terminal, black on a light one.
        ("#585858", .dark, 7), ("#8a8a8a", .dark, 7), ("#585858", .light, 0), ("#bcbcbc", .light, 0),
        ("#eeeeee", .light, 7),
    ])
    func rgbMapsToAReadableOneOf8(_ hex: String, _ backdrop: Appearance, _ expected: Int) throws {
        guard case let .rgb(r, g, b) = try #require(ThemeColor(parsing: hex)) else { Issue.record("not rgb"); return }
        #expect(ColorMapping.nearest8(r: r, g: g, b: b, on: backdrop) == UInt8(expected))
    }

    @Test func backgroundGreysMapByLightness() {
        #expect(ColorMapping.nearest8(r: 0x30, g: 0x30, b: 0x30, on: nil) == 0)
        #expect(ColorMapping.nearest8(r: 0xd0, g: 0xd0, b: 0xd0, on: nil) == 7)
    }

    // MARK: what the terminal is told

    @Test func palette256KeepsIndexesAndMapsRGB() {
        var theme = Theme.builtIn
        theme[.accent] = RoleSpec(fg: .rgb(r: 0xff, g: 0x87, b: 0), bg: .default)
        let styles = theme.terminalStyles(for: .palette256)
        #expect(styles[.muted] == TerminalRoleStyle(fg: 245, bg: -1))
        #expect(styles[.accent] == TerminalRoleStyle(fg: 208, bg: -1))
        #expect(styles[.gateKey] == TerminalRoleStyle(fg: 0, bg: 3, bold: true))
    }

    @Test func eightColoursNeverLeaveMutedTextInvisibleOnADarkTerminal() {
        let styles = Theme.builtIn.terminalStyles(for: .ansi8)
        #expect(styles[.muted] == TerminalRoleStyle(fg: 7, bg: -1))
        #expect(styles[.border] == TerminalRoleStyle(fg: 7, bg: -1))
        #expect(styles[.gateBar] == TerminalRoleStyle(fg: -1, bg: 0))
    }

    @Test func brightNamesBecomeBoldOnEightColours() {
        var theme = Theme.builtIn
        theme[.info] = RoleSpec(fg: .index(14))
        #expect(theme.terminalStyles(for: .ansi8)[.info] == TerminalRoleStyle(fg: 6, bg: -1, bold: true))
        #expect(theme.terminalStyles(for: .ansi16)[.info] == TerminalRoleStyle(fg: 14, bg: -1))
    }

    @Test func withoutColourABackgroundBecomesReverseVideo() {
        let styles = Theme.builtIn.terminalStyles(for: .none)
        #expect(styles[.selection] == TerminalRoleStyle(reverse: true))
        #expect(styles[.danger] == TerminalRoleStyle(bold: true))
        #expect(styles.values.allSatisfy { $0.fg == -1 && $0.bg == -1 })
    }

    @Test(arguments: [
        (8, [String: String](), ColorMode.ansi8), (256, [:], .palette256), (16, [:], .ansi16), (0, [:], .none),
        (256, ["NO_COLOR": "1"], .none), (256, ["NO_COLOR": ""], .palette256),
    ])
    func colourModeFollowsTheTerminalAndNoColor(_ colors: Int, _ environment: [String: String], _ mode: ColorMode) {
        #expect(ColorMode.detect(colors: colors, environment: environment) == mode)
    }

    // MARK: glyphs

    @Test func asciiGlyphsAreASCII() {
        let glyphs = Glyphs.forLocale(utf8: false)
        let all = [glyphs.topLeft, glyphs.topRight, glyphs.bottomLeft, glyphs.bottomRight, glyphs.horizontal,
                   glyphs.vertical, glyphs.teeLeft, glyphs.teeRight, glyphs.check, glyphs.cross, glyphs.warn,
                   glyphs.pointer, glyphs.chartThreshold] + glyphs.chartBlocks + Array(glyphs.ellipsis)
        #expect(all.allSatisfy { $0.isASCII })
        #expect(glyphs.chartBlocks.count == Glyphs.unicode.chartBlocks.count)
        #expect(Glyphs.forLocale(utf8: true).check == "✓")
    }
}
