import Foundation
import Integrations
import Testing

/// The config file's top-level `theme:` (which theme exists is the console's to check, in ConsoleUITests).
@Suite struct ConfigThemeTests {
    @Test func aTopLevelThemeIsReadWithItsLine() throws {
        let yaml = """
            defaults:
              prometheus: http://prometheus.monitoring:9090
            theme: high-contrast
            apps:
              - name: bookstore-catalog-us-east
            """
        let config = try ConfigFile.parse(yaml: yaml, file: "config.yaml")
        #expect(config.theme == ConfigFile.ThemeSetting(name: "high-contrast", line: 3, column: 8))
        #expect(config.apps.map(\.name) == ["bookstore-catalog-us-east"], "the apps are still read")
    }

    @Test func aFileWithoutThemeChoosesNone() throws {
        #expect(try ConfigFile.parse(yaml: "apps: []\n", file: "config.yaml").theme == nil)
        #expect(try ConfigFile.parseTheme(yaml: "apps: []\n", file: "config.yaml") == nil)
        #expect(try ConfigFile.parseTheme(yaml: "", file: "config.yaml") == nil)
    }

    @Test func themeUnderDefaultsIsRejectedNamingTheKey() {
        // A display setting, not an app's: it belongs at the top, and a misplaced one must not be ignored.
        let yaml = "defaults:\n  theme: light\n"
        #expect {
            try ConfigFile.parse(yaml: yaml, file: "config.yaml")
        } throws: { error in
            let error = error as? ConfigError
            return error?.line == 2 && error?.key == "defaults.theme" && error?.message.hasPrefix("unknown key") == true
        }
    }

    @Test func aThemeThatIsNotANameIsRejectedWithFileLineAndKey() {
        for (yaml, column) in [("theme: [light]\n", 8), ("theme:\n", 7), ("theme: ../secrets\n", 8), ("theme: \"\"\n", 8)] {
            #expect {
                try ConfigFile.parseTheme(yaml: yaml, file: "/home/oncall/.config/incident-console/config.yaml")
            } throws: { error in
                let error = error as? ConfigError
                return error?.file == "/home/oncall/.config/incident-console/config.yaml" && error?.line == 1
                    && error?.column == column && error?.key == "theme"
            }
        }
    }

    @Test func readingOnlyTheThemeLeavesTheAppsToRun() throws {
        // demo, follow and replay read only the theme: an app `run` would reject does not stop them.
        let yaml = "theme: light\napps:\n  - namespace: no-name-here\n"
        #expect(try ConfigFile.parseTheme(yaml: yaml, file: "config.yaml")?.name == "light")
        #expect(throws: ConfigError.self) { try ConfigFile.parse(yaml: yaml, file: "config.yaml") }
    }

    @Test func readingOnlyTheThemeStillRejectsBrokenYAMLAndUnknownTopLevelKeys() {
        #expect {
            try ConfigFile.parseTheme(yaml: "theme: light\n  apps: [\n", file: "config.yaml")
        } throws: { error in
            let error = error as? ConfigError
            return error?.line ?? 0 > 0 && error?.message.hasPrefix("not valid YAML") == true
        }
        #expect(throws: ConfigError(file: "config.yaml", line: 1, column: 1, key: "colour",
                                    message: "unknown key (expected one of: theme, defaults, apps)")) {
            try ConfigFile.parseTheme(yaml: "colour: light\n", file: "config.yaml")
        }
    }

    @Test func loadingTheThemeOfAMissingFileIsFineUnlessTheFileWasNamed() throws {
        let path = NSTemporaryDirectory() + "ic-no-config-\(UUID().uuidString.prefix(8)).yaml"
        #expect(try ConfigFile.loadTheme(path: path, required: false) == nil)
        #expect(throws: ConfigError(file: path, message: "no such file")) { try ConfigFile.loadTheme(path: path, required: true) }
        try "theme: monochrome\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ConfigFile.loadTheme(path: path, required: true)?.name == "monochrome")
    }
}
