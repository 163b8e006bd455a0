import ArgumentParser
import ConsoleUI
import Foundation
import Integrations
import RunbookEngine
import Storage
import Terminal

/// `incident-console themes`: the themes this console knows, and a preview of one.
struct Themes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the colour themes, or preview one on a sample screen.",
        discussion: """
        Built-in themes are part of the binary. Add your own as \
        $XDG_CONFIG_HOME/incident-console/themes/NAME.yaml (see Themes/default.yaml for the format); \
        roles a file leaves out come from the default theme. Choose one with --theme NAME on any \
        console command, or with a top-level `theme: NAME` in $XDG_CONFIG_HOME/incident-console/config.yaml \
        (--theme wins). NO_COLOR (set, not empty) turns colour off under any theme. 24-bit colour goes \
        out through a direct-colour terminfo entry (TERM=xterm-direct or tmux-direct, in Debian's ncurses-term); \
        with COLORTERM=truecolor the console opens TERM's -direct sibling itself when it is installed, else \
        redefines palette slots where the terminal allows it, else shows the nearest of 256.
        """
    )

    @Option(help: ArgumentHelp("Print a sample screen in this theme, with the terminal's colours.", valueName: "name"))
    var preview: String?

    @Option(help: ArgumentHelp("Preview size as WIDTHxHEIGHT (default: the terminal's, else 100x30).", valueName: "size"))
    var size: String?

    @Flag(help: "Preview in ASCII (the glyphs a non-UTF-8 terminal gets).")
    var ascii = false

    func run() throws {
        let catalog = ThemeCatalog()
        guard let preview else { return list(catalog) }
        let theme: Theme
        do { theme = try catalog.theme(named: preview) } catch {
            FileHandle.standardError.write(Data(TerminalSafe.text("incident-console: theme \(preview): \(error)\n").utf8))
            throw ExitCode(2)
        }
        let environment = ProcessInfo.processInfo.environment
        // No curses here: the terminal's colour count is guessed from TERM the way most terminals answer.
        let term = environment["TERM"] ?? ""
        let colors = term.contains("256color") || term.contains("direct") ? 256 : term.isEmpty || term == "dumb" ? 0 : 8
        let mode = ColorMode.detect(colors: colors, directColor: term.contains("direct"), environment: environment)
        let frameSize = try parsedSize() ?? CursesScreen.ttySize().map { Size(width: min($0.width, 160), height: min($0.height - 1, 50)) }
            ?? Size(width: 100, height: 30)
        let glyphs = ascii ? Glyphs.ascii : Glyphs.forLocale(utf8: CursesScreen.localeUsesUTF8())
        let frame = render(ThemePreview.sampleState(), size: frameSize, glyphs: glyphs)
        print(TerminalSafe.text("\(theme.name): \(theme.description) [\(String(describing: mode))]", keepLines: false))
        print(ANSIFrameText.text(frame, theme: theme, mode: mode), terminator: "")
    }

    private func list(_ catalog: ThemeCatalog) {
        let listings = catalog.listings()
        let width = listings.map(\.name.count).max() ?? 0
        for listing in listings {
            let name = listing.name.padding(toLength: width, withPad: " ", startingAt: 0)
            // A theme file is someone else's YAML: its description and errors reach the terminal escaped.
            switch listing.result {
            case .success(let theme): print(TerminalSafe.text("\(name)  \(theme.description)  (\(listing.source))", keepLines: false))
            case .failure(let error): print(TerminalSafe.text("\(name)  BROKEN: \(error)", keepLines: false))
            }
        }
        print("\nUser themes: \(catalog.userDirectory)/NAME.yaml. Preview one: incident-console themes --preview NAME")
        if let note = configuredThemeNote(catalog) { print(TerminalSafe.text(note, keepLines: false)) }
    }

    /// Which theme the consoles use without --theme, when the config file chooses one, or why it cannot.
    private func configuredThemeNote(_ catalog: ThemeCatalog) -> String? {
        let path = ConfigFile.defaultPath()
        do {
            guard let setting = try ConfigFile.loadTheme(path: path, required: false) else { return nil }
            let configured = ConfiguredTheme(name: setting.name, file: path, line: setting.line, column: setting.column)
            do { _ = try catalog.theme(flag: nil, configured: configured) } catch { return "Config file: \(error)" }
            return "Without --theme the consoles use \(setting.name) (\(path):\(setting.line): theme)."
        } catch {
            return "Config file: \(error)"
        }
    }

    private func parsedSize() throws -> Size? {
        guard let size else { return nil }
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 20, parts[1] >= 8 else {
            throw ValidationError("--size must be WIDTHxHEIGHT, at least 20x8, e.g. 100x30")
        }
        return Size(width: parts[0], height: parts[1])
    }
}
