import Foundation
import TestHarness
import Testing

/// Themes in a real terminal (tmux, `capture-pane -e` keeps the SGR escapes the console sent).
@Suite(.serialized)
struct ThemeEndToEndTests {
    /// NO_COLOR empty counts as unset: the test runner's own environment may carry NO_COLOR into tmux.
    static let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8", "NO_COLOR": ""]

    /// Starts the demo, waits for its first screen, and returns the screen with escapes; quits after.
    /// - Parameter until: also wait (up to 10 s) for the screen with escapes to satisfy this.
    func demoScreen(_ arguments: [String], environment: [String: String], until: ((String) -> Bool)? = nil) throws -> String {
        let journal = NSTemporaryDirectory() + "ic-e2e-theme-\(UUID().uuidString.prefix(8)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "1", "--journal", journal] + arguments,
                            width: 120, height: 40, environment: Self.environment.merging(environment) { $1 })
        let plain = try tmux.wait(timeout: 20) { ["SIMULATION", "Healthy", "a1b2c3d"].allSatisfy($0.contains) }
        #expect(plain.contains("SIMULATION"), "the demo's first screen\n\(plain)")
        var screen = try tmux.screen(escapes: true)
        let deadline = Date().addingTimeInterval(10)
        while let until, !until(screen), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            screen = try tmux.screen(escapes: true)
        }
        try tmux.send("q")
        try tmux.send("y")
        return screen
    }

    /// A command that ends at once, kept in its pane with its exit status: Tmux sets remain-on-exit only
    /// after the session starts, and a command that is done by then takes the session with it.
    static func lingering(_ command: [String]) -> [String] {
        ["/bin/sh", "-c", #""$0" "$@"; echo "exit status $?"; exec sleep 60"#] + command
    }

    @Test func noColorScreenCarriesNoColourEscapesAtAll() throws {
        let screen = try demoScreen(["--theme", "high-contrast"], environment: ["NO_COLOR": "1"])
        #expect(SGR.colourCodes(in: screen).isEmpty, "colour codes under NO_COLOR: \(Set(SGR.colourCodes(in: screen)))")
        // Meaning survives: verdict and health by symbol and word, emphasis by bold or reverse.
        let text = SGR.stripped(screen)
        #expect(text.contains("✓ Healthy") && text.contains("✓ Synced"), "\(text)")
        #expect(screen.contains("\u{1b}[1m") || screen.contains("\u{1b}[7m") || screen.contains(";1m"), "bold or reverse still shows")
    }

    @Test func highContrastThemeSendsColours() throws {
        let screen = try demoScreen(["--theme", "high-contrast"], environment: [:])
        let codes = Set(SGR.colourCodes(in: screen))
        #expect(!codes.isEmpty, "colours under --theme high-contrast")
        // danger's red background is in the high-contrast theme only; default has none.
        let plain = try demoScreen([], environment: [:])
        #expect(Set(SGR.colourCodes(in: plain)) != codes, "another theme, other colours")
    }

    @Test func themesListsTheFiveBuiltInThemes() throws {
        let tmux = try Tmux(command: Self.lingering([Binary.path, "themes"]), width: 160, height: 20,
                            environment: Self.environment.merging(["XDG_CONFIG_HOME": "/nonexistent"]) { $1 })
        let screen = try tmux.wait(timeout: 10) { $0.contains("exit status") }
        #expect(screen.contains("exit status 0"), "\(screen)")
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
        let tmux = try Tmux(command: Self.lingering([Binary.path, "demo", "--theme", "light"]), width: 160, height: 20,
                            environment: Self.environment.merging(["XDG_CONFIG_HOME": config]) { $1 })
        let screen = try tmux.wait(timeout: 10) { $0.contains("exit status") }
        #expect(screen.contains("\(directory)/light.yaml:5:9: roles.warn.fg: 'orange' is not a colour"), "\(screen)")
        #expect(!screen.contains("SIMULATION"), "the console did not start")
        #expect(screen.contains("exit status 2"), "a usage error's exit status\n\(screen)")
    }

    @Test func previewRendersASampleScreenInPlainText() throws {
        let tmux = try Tmux(command: Self.lingering([Binary.path, "themes", "--preview", "colour-blind", "--size", "100x30"]),
                            width: 110, height: 40, environment: Self.environment)
        let plain = try tmux.wait(timeout: 10) { $0.contains("exit status") }
        #expect(plain.contains("colour-blind:"), "\(plain)")
        #expect(!SGR.colourCodes(in: try tmux.screen(escapes: true)).isEmpty)
    }

    // MARK: the config file's theme

    /// A private $XDG_CONFIG_HOME holding `incident-console/config.yaml`, removed afterwards.
    final class ConfigHome {
        let directory = NSTemporaryDirectory() + "ic-e2e-config-\(UUID().uuidString.prefix(8))"
        var file: String { directory + "/incident-console/config.yaml" }
        init(_ yaml: String) throws {
            try FileManager.default.createDirectory(atPath: directory + "/incident-console", withIntermediateDirectories: true)
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(atPath: directory) }
        var environment: [String: String] { ["XDG_CONFIG_HOME": directory] }
    }

    @Test func theConfigFilesThemeColoursTheConsoleAndTheFlagBeatsIt() throws {
        let monochrome = try ConfigHome("theme: monochrome\napps: []\n")
        let plain = try demoScreen([], environment: monochrome.environment)
        #expect(SGR.colourCodes(in: plain).isEmpty, "theme: monochrome sends no colour: \(Set(SGR.colourCodes(in: plain)))")
        #expect(plain.contains("\u{1b}[1m") || plain.contains(";1m") || plain.contains("\u{1b}[7m"), "but bold or reverse")
        let overridden = try demoScreen(["--theme", "high-contrast"], environment: monochrome.environment)
        #expect(!SGR.colourCodes(in: overridden).isEmpty, "--theme high-contrast beats the file's monochrome")

        let highContrast = try ConfigHome("# the on-call laptop\ntheme: high-contrast\n")
        let coloured = try demoScreen([], environment: highContrast.environment)
        #expect(!SGR.colourCodes(in: coloured).isEmpty, "theme: high-contrast sends colour")
        // Danger's red background (41) is high-contrast's own: the same theme from the file as from the flag.
        #expect(SGR.colourCodes(in: coloured).contains("41") && SGR.colourCodes(in: overridden).contains("41"))
        let flagWins = try demoScreen(["--theme", "monochrome"], environment: highContrast.environment)
        #expect(SGR.colourCodes(in: flagWins).isEmpty, "--theme monochrome beats the file's high-contrast")
        let list = try Tmux(command: Self.lingering([Binary.path, "themes"]), width: 200, height: 20,
                            environment: Self.environment.merging(highContrast.environment) { $1 })
        let listed = try list.wait(timeout: 10) { $0.contains("exit status") }
        #expect(listed.contains("Without --theme the consoles use high-contrast (\(highContrast.file):2: theme)."), "\(listed)")
        // --config names another file than the default one.
        let named = try demoScreen(["--config", monochrome.file], environment: highContrast.environment)
        #expect(SGR.colourCodes(in: named).isEmpty, "--config FILE is the file read")
    }

    /// Every console command reads the config file's theme: an unknown one stops each before its screen,
    /// naming the file, line and key, and the themes there are.
    @Test(arguments: [
        ["demo"], ["train", "catalog-bad-digest"], ["follow", "/nonexistent.jsonl"], ["replay", "/nonexistent.jsonl"],
        ["resume", "/nonexistent.jsonl"], ["run", "--app", "bookstore-catalog-us-east"],
    ])
    func anUnknownThemeInTheConfigFileStopsEveryConsoleCommandNamingItsLine(_ command: [String]) throws {
        let home = try ConfigHome("defaults:\n  threshold: 0.5\ntheme: solarised\n")
        let tmux = try Tmux(command: Self.lingering([Binary.path] + command), width: 200, height: 20,
                            environment: Self.environment.merging(home.environment) { $1 })
        let screen = try tmux.wait(timeout: 10) { $0.contains("exit status") }
        let joined = screen.replacingOccurrences(of: "\n", with: "")
        #expect(joined.contains("\(home.file):3:8: theme: no theme named 'solarised'"), "\(command[0])\n\(screen)")
        #expect(joined.contains("default, colour-blind, high-contrast, light, monochrome"), "the themes there are\n\(screen)")
        #expect(!screen.contains("SIMULATION") && !screen.contains("┌"), "\(command[0]) did not start its screen")
        #expect(screen.contains("exit status 2"), "\(command[0]) exits 2, a configuration error\n\(screen)")
    }

    // MARK: truecolor

    /// The colour-blind theme's Okabe–Ito colours are between xterm's 256: only a direct-colour terminal shows them exactly.
    static let skyBlue = "38;2;86;180;233", vermillion = "38;2;213;94;0", orangeKey = "48;2;230;159;0"

    @Test func aDirectColourTerminalGetsTheThemesExact24BitColours() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/share/terminfo/x/xterm-direct")
                     || FileManager.default.fileExists(atPath: "/lib/terminfo/x/xterm-direct"),
                     "xterm-direct is in Debian's ncurses-term: run scripts/install-deps")
        // tmux keeps 24-bit cell colours whatever the outer terminal (here: none attached) can show.
        let wanted = [Self.skyBlue, Self.vermillion, Self.orangeKey]
        for colorTerm in ["truecolor", ""] {
            let screen = try demoScreen(["--theme", "colour-blind"], environment: ["TERM": "xterm-direct", "COLORTERM": colorTerm],
                                        until: { screen in wanted.allSatisfy(screen.contains) })
            for sequence in wanted {
                #expect(screen.contains(sequence), "\(sequence) under TERM=xterm-direct COLORTERM=\(colorTerm)")
            }
            // Palette greys go out as their RGB value too: a palette index here would read as a dark blue.
            #expect(!screen.contains("38;5;") && !screen.contains("48;5;"), "no 256-colour indexes on a direct terminal")
            #expect(!screen.contains("38;2;0;0;"), "no palette index sent as a 24-bit number (blue)")
        }
    }

    /// Inside tmux (TERM=tmux-256color) with the outer terminal's COLORTERM=truecolor, the console opens
    /// tmux-direct, the same entry with 24-bit colour; where there is no such entry, TERM's own.
    @Test func colortermTruecolorInTmuxGetsExactColoursThroughTmuxDirect() throws {
        try #require(FileManager.default.fileExists(atPath: "/usr/share/terminfo/t/tmux-direct")
                     || FileManager.default.fileExists(atPath: "/lib/terminfo/t/tmux-direct"),
                     "tmux-direct is in Debian's ncurses-term: run scripts/install-deps")
        let wanted = [Self.skyBlue, Self.vermillion, Self.orangeKey]
        let screen = try demoScreen(["--theme", "colour-blind"], environment: ["TERM": "tmux-256color", "COLORTERM": "truecolor"],
                                    until: { screen in wanted.allSatisfy(screen.contains) })
        for sequence in wanted { #expect(screen.contains(sequence), "\(sequence) under TERM=tmux-256color COLORTERM=truecolor") }
        #expect(!screen.contains("38;5;") && !screen.contains("48;5;"))

        // GNU screen has no direct-colour entry: COLORTERM cannot be kept, the nearest of 256 is shown.
        let nearest = ["38;5;74", "38;5;166", "48;5;178"]
        let screenTerm = try demoScreen(["--theme", "colour-blind"], environment: ["TERM": "screen-256color", "COLORTERM": "truecolor"],
                                        until: { screen in nearest.allSatisfy(screen.contains) })
        for sequence in nearest { #expect(screenTerm.contains(sequence), "\(sequence) under TERM=screen-256color COLORTERM=truecolor") }
        #expect(!screenTerm.contains("38;2;"))
    }

    @Test func a256ColourTerminalGetsTheNearestOf256() throws {
        // #56b4e9 → 74, #d55e00 → 166, #e69f00 → 178 (ThemeCatalogTests checks the mapping).
        let wanted = ["38;5;74", "38;5;166", "48;5;178"]
        let screen = try demoScreen(["--theme", "colour-blind"], environment: ["TERM": "tmux-256color", "COLORTERM": ""],
                                    until: { screen in wanted.allSatisfy(screen.contains) })
        #expect(!screen.contains("38;2;") && !screen.contains("48;2;"), "no 24-bit colour without a direct-colour terminfo")
        for sequence in wanted {
            #expect(screen.contains(sequence), "\(sequence) under TERM=tmux-256color")
        }
    }
}
