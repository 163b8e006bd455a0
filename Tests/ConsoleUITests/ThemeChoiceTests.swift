import Foundation
import Testing
@testable import ConsoleUI
import Storage

/// Which theme a console command uses: `--theme` over the config file's `theme:` over the default.
@Suite struct ThemeChoiceTests {
    let users = ThemeCatalogTests.UserThemes()
    let configured = { (name: String) in
        ConfiguredTheme(name: name, file: "/home/oncall/.config/incident-console/config.yaml", line: 4, column: 8)
    }

    @Test func withNeitherFlagNorConfigTheDefaultThemeIsUsed() throws {
        #expect(try users.catalog.theme(flag: nil, configured: nil) == Theme.builtIn)
    }

    @Test func theConfigFileChoosesTheThemeWhenNoFlagIsGiven() throws {
        let theme = try users.catalog.theme(flag: nil, configured: configured("high-contrast"))
        #expect(theme.name == "high-contrast")
        #expect(theme == Theme.builtInThemes["high-contrast"])
    }

    @Test func theFlagBeatsTheConfigFile() throws {
        #expect(try users.catalog.theme(flag: "monochrome", configured: configured("high-contrast")).name == "monochrome")
        // Even a configured name that does not exist: the flag is what the user asked for now.
        #expect(try users.catalog.theme(flag: "light", configured: configured("no-such-theme")).name == "light")
    }

    @Test func anUnknownConfiguredThemeNamesTheConfigFileLineAndKeyAndTheChoices() {
        #expect {
            try users.catalog.theme(flag: nil, configured: configured("solarised"))
        } throws: { error in
            guard let error = error as? ThemeError else { return false }
            let text = error.description
            return text.hasPrefix("/home/oncall/.config/incident-console/config.yaml:4:8: theme: no theme named 'solarised'")
                && ["default", "light", "high-contrast", "monochrome", "colour-blind"].allSatisfy { text.contains($0) }
        }
    }

    @Test func aConfiguredUserThemeIsLoadedFromTheThemesDirectory() throws {
        try users.write("night-shift.yaml", "name: night-shift\nroles:\n  ok: { fg: \"#00ff88\" }\n")
        let theme = try users.catalog.theme(flag: nil, configured: configured("night-shift"))
        #expect(theme.name == "night-shift")
        #expect(theme[.ok].fg == .rgb(r: 0, g: 0xff, b: 0x88))
        #expect(theme[.danger] == Theme.builtIn[.danger], "roles it leaves out come from the default")
    }

    @Test func aBrokenConfiguredUserThemeNamesItsOwnFileNotTheConfig() throws {
        try users.write("night-shift.yaml", "name: night-shift\nroles:\n  ok: { fg: orange }\n")
        #expect {
            try users.catalog.theme(flag: nil, configured: configured("night-shift"))
        } throws: { error in
            (error as? ThemeError)?.description.hasPrefix(users.directory + "/night-shift.yaml:3:") == true
        }
    }

    @Test func aUserDefaultReplacesTheBuiltInDefaultWhenNothingIsChosen() throws {
        try users.write("default.yaml", "name: default\nroles:\n  ok: { fg: blue }\n")
        #expect(try users.catalog.theme(flag: nil, configured: nil)[.ok].fg == .index(4))
    }
}
