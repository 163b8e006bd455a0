import Foundation
import Testing
@testable import ConsoleUI
import Storage

/// Built-in themes, the user's themes directory, and truecolor: what `--theme` and `themes` rely on.
@Suite struct ThemeCatalogTests {
    /// A fresh user themes directory per test, removed afterwards.
    final class UserThemes {
        let directory = NSTemporaryDirectory() + "ic-themes-\(UUID().uuidString.prefix(8))"
        init() { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: directory) }
        var catalog: ThemeCatalog { ThemeCatalog(userDirectory: directory) }
        func write(_ name: String, _ yaml: String) throws {
            try yaml.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    @Test func everyFileInThemesIsBuiltIntoTheBinary() {
        let files = ThemeTests.themeFiles.map { String($0.dropLast(".yaml".count)) }
        #expect(Set(Theme.builtInThemes.keys) == Set(files))
        #expect(Theme.builtInThemes.count >= 5)
        for name in ["default", "light", "high-contrast", "monochrome", "colour-blind"] {
            #expect(Theme.builtInThemes[name] != nil, "\(name) is built in")
        }
    }

    @Test func monochromeUsesNoColourAtAll() throws {
        let theme = try #require(Theme.builtInThemes["monochrome"])
        #expect(theme.roles.values.allSatisfy { $0.fg == .default && $0.bg == .default })
        // Meaning by attributes instead: danger, the gate key and the selection each stand out.
        #expect(theme[.danger].bold && theme[.danger].underline)
        #expect(theme[.gateKey].reverse && theme[.selection].reverse)
    }

    @Test func colourBlindThemeNeverTellsOkFromDangerByRedAndGreen() throws {
        let theme = try #require(Theme.builtInThemes["colour-blind"])
        for mode in [ColorMode.ansi8, .palette256, .truecolor] {
            let styles = theme.terminalStyles(for: mode)
            #expect(styles[.ok]?.fg != styles[.danger]?.fg, "ok and danger differ in \(mode)")
        }
        // ok is blue, not green, even squeezed into 8 colours (#0072b2 lands on cyan there).
        #expect(theme.terminalStyles(for: .ansi8)[.ok]?.fg == 6)
        #expect(theme.terminalStyles(for: .ansi8)[.danger]?.fg == 1)
        #expect(theme[.danger].underline, "danger is also underlined")
    }

    /// Every role that says something is dark enough to read on white (Rec. 601 luma under 60 %).
    @Test func lightThemeTextIsDarkEnoughForAWhiteBackground() throws {
        let theme = try #require(Theme.builtInThemes["light"])
        #expect(theme.appearance == .light)
        let styles = theme.terminalStyles(for: .palette256)
        for role in [StyleRole.muted, .focusedBorder, .ok, .warn, .danger, .info, .accent, .chartLine, .chartThreshold] {
            let index = try #require(styles[role]).fg
            let value = ColorMapping.rgb(ofIndex: UInt8(index))
            let luma = (299 * Int(value.r) + 587 * Int(value.g) + 114 * Int(value.b)) / 1000
            #expect(luma < 153, "\(role) is \(index), luma \(luma)")
        }
    }

    @Test func userThemeWithABuiltInNameReplacesIt() throws {
        let user = UserThemes()
        try user.write("light.yaml", "description: my light\nappearance: light\nroles:\n  ok: { fg: blue }\n")
        let theme = try user.catalog.theme(named: "light")
        #expect(theme.description == "my light")
        #expect(theme[.ok].fg == .index(4))
        #expect(theme[.danger] == Theme.builtIn[.danger], "roles it leaves out come from the default theme")
        let listing = try #require(user.catalog.listings().first { $0.name == "light" })
        #expect(listing.source == .file(user.directory + "/light.yaml"))
    }

    @Test func userThemesAreListedBesideTheBuiltInOnes() throws {
        let user = UserThemes()
        try user.write("night-shift.yaml", "description: dim\nroles:\n  text: { fg: 250 }\n")
        let listings = user.catalog.listings()
        #expect(listings.first?.name == "default")
        #expect(listings.map(\.name).contains("night-shift"))
        #expect(listings.filter { $0.source == .builtIn }.count == Theme.builtInThemes.count)
        #expect(try user.catalog.theme(named: "night-shift")[.text].fg == .index(250))
    }

    @Test func brokenUserThemeIsRefusedWithItsPathLineAndKey() throws {
        let user = UserThemes()
        try user.write("light.yaml", "name: light\nroles:\n  ok: { fg: green }\n  warn:\n    fg: orange\n")
        #expect {
            try user.catalog.theme(named: "light")
        } throws: { error in
            String(describing: error).hasPrefix("\(user.directory)/light.yaml:5:9: roles.warn.fg: 'orange' is not a colour")
        }
        let listing = try #require(user.catalog.listings().first { $0.name == "light" })
        guard case .failure(let error) = listing.result else { Issue.record("listed as usable"); return }
        #expect(error.line == 5 && error.key == "roles.warn.fg")
    }

    @Test func unknownThemeNamesTheKnownOnes() {
        #expect {
            try UserThemes().catalog.theme(named: "solarised")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("no such theme") && text.contains("high-contrast") && text.contains("colour-blind")
        }
    }

    @Test func userDirectoryFollowsXDGConfigHome() {
        #expect(ThemeCatalog(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/a"]).userDirectory
                == "/x/cfg/incident-console/themes")
        #expect(ThemeCatalog(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/a"]).userDirectory
                == "/home/a/.config/incident-console/themes")
    }

    // MARK: truecolor

    @Test(arguments: [
        (256, ["COLORTERM": "truecolor"], ColorMode.truecolor), (256, ["COLORTERM": "24bit"], .truecolor),
        (8, ["COLORTERM": "truecolor"], .ansi8), (256, ["COLORTERM": "truecolor", "NO_COLOR": "1"], .none),
        (256, ["COLORTERM": "yes"], .palette256),
    ])
    func truecolorOnlyWhenTheTerminalSaysSo(_ colors: Int, _ environment: [String: String], _ mode: ColorMode) {
        #expect(ColorMode.detect(colors: colors, environment: environment) == mode)
    }

    @Test func truecolorKeepsRGBExactlyWithTheNearest256AsFallback() throws {
        let theme = try #require(Theme.builtInThemes["colour-blind"])
        let styles = theme.terminalStyles(for: .truecolor)
        #expect(styles[.ok] == TerminalRoleStyle(fg: 25, bg: -1, bold: true, fgRGB: 0x0072b2))
        #expect(styles[.gateKey] == TerminalRoleStyle(fg: 0, bg: 178, bold: true, bgRGB: 0xe69f00))
        // Indexes and names stay palette colours: the terminal's own palette decides them.
        #expect(styles[.muted] == TerminalRoleStyle(fg: 245, bg: -1))
    }
}
