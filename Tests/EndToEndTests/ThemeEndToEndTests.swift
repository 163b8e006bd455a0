import Foundation
import Testing

/// Themes in a real terminal (tmux, `capture-pane -e` keeps the SGR escapes the console sent).
@Suite(.serialized)
struct ThemeEndToEndTests {
    /// NO_COLOR empty counts as unset: the test runner's own environment may carry NO_COLOR into tmux.
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8", "NO_COLOR": ""]

    /// Starts the demo, waits for its first screen, and returns the screen with escapes; quits after.
    func demoScreen(_ arguments: [String], environment: [String: String]) throws -> String {
        let journal = NSTemporaryDirectory() + "ic-e2e-theme-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "1", "--journal", journal] + arguments,
                            width: 120, height: 40, environment: Self.environment.merging(environment) { $1 })
        let plain = try tmux.wait(timeout: 20) { ["SIMULATION", "Healthy", "a1b2c3d"].allSatisfy($0.contains) }
        #expect(plain.contains("SIMULATION"), "the demo's first screen\n\(plain)")
        let screen = try tmux.screen(escapes: true)
        try tmux.send("q")
        try tmux.send("y")
        return screen
    }

    @Test func noColorScreenCarriesNoColourEscapesAtAll() throws {
        let screen = try demoScreen(["--theme", "high-contrast"], environment: ["NO_COLOR": "1"])
        #expect(Self.colourCodes(in: screen).isEmpty, "colour codes under NO_COLOR: \(Set(Self.colourCodes(in: screen)))")
        // Meaning survives: verdict and health by symbol and word, emphasis by bold or reverse.
        let text = Self.stripped(screen)
        #expect(text.contains("✓ Healthy") && text.contains("✓ Synced"), "\(text)")
        #expect(screen.contains("\u{1b}[1m") || screen.contains("\u{1b}[7m") || screen.contains(";1m"), "bold or reverse still shows")
    }

    @Test func highContrastThemeSendsColours() throws {
        let screen = try demoScreen(["--theme", "high-contrast"], environment: [:])
        let codes = Set(Self.colourCodes(in: screen))
        #expect(!codes.isEmpty, "colours under --theme high-contrast")
        // danger's red background is in the high-contrast theme only; default has none.
        let plain = try demoScreen([], environment: [:])
        #expect(Set(Self.colourCodes(in: plain)) != codes, "another theme, other colours")
    }

    @Test func themesListsTheFiveBuiltInThemes() throws {
        let tmux = try Tmux(command: [Binary.path, "themes"], width: 160, height: 20,
                            environment: Self.environment.merging(["XDG_CONFIG_HOME": "/nonexistent"]) { $1 })
        let screen = try tmux.wait(timeout: 10) { $0.contains("User themes:") }
        for name in ["default", "light", "high-contrast", "monochrome", "colour-blind"] {
            #expect(screen.contains("\n\(name) ") || screen.hasPrefix("\(name) "), "\(name) listed\n\(screen)")
        }
        #expect(screen.components(separatedBy: "(built-in)").count - 1 >= 5)
    }

    @Test func aBrokenUserThemeStopsTheConsoleBeforeItStartsAndNamesTheLine() throws {
        let config = NSTemporaryDirectory() + "ic-e2e-config-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: config) }
        let directory = config + "/incident-console/themes"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "name: light\nroles:\n  ok: { fg: green }\n  warn:\n    fg: orange\n"
            .write(toFile: directory + "/light.yaml", atomically: true, encoding: .utf8)
        let tmux = try Tmux(command: [Binary.path, "demo", "--theme", "light"], width: 160, height: 20,
                            environment: Self.environment.merging(["XDG_CONFIG_HOME": config]) { $1 })
        let screen = try tmux.wait(timeout: 10) { $0.contains("orange") }
        #expect(screen.contains("\(directory)/light.yaml:5:9: roles.warn.fg: 'orange' is not a colour"), "\(screen)")
        #expect(!screen.contains("SIMULATION"), "the console did not start")
        let deadline = Date().addingTimeInterval(5)
        while try !tmux.paneDead(), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        try tmux.reapDeadPane()
        #expect(try tmux.paneDead())
    }

    @Test func previewRendersASampleScreenInPlainText() throws {
        let tmux = try Tmux(command: [Binary.path, "themes", "--preview", "colour-blind", "--size", "100x30"],
                            width: 110, height: 40, environment: Self.environment)
        let plain = try tmux.wait(timeout: 10) { $0.contains("SIMULATION") && $0.contains("REVIEW") }
        #expect(plain.contains("colour-blind:"), "\(plain)")
        #expect(!Self.colourCodes(in: try tmux.screen(escapes: true)).isEmpty)
    }

    static func stripped(_ text: String) -> String { text.replacing(/\x1b\[[0-9;]*m/, with: "") }

    /// SGR parameters that set a colour: 30–37, 40–47, 90–97, 100–107 and the 38/48 extended forms
    /// (tmux adds 39 and 49, the defaults, which are not colours).
    static func colourCodes(in text: String) -> [String] {
        text.matches(of: /\x1b\[([0-9;]*)m/).flatMap { match -> [String] in
            match.1.split(separator: ";").map(String.init).filter { code in
                guard let value = Int(code) else { return false }
                return (30...37).contains(value) || (40...47).contains(value) || (90...97).contains(value)
                    || (100...107).contains(value) || value == 38 || value == 48
            }
        }
    }
}
