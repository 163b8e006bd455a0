import Foundation
import MigrationSafety
import TestHarness
import Testing
import RunbookEngine
@testable import ConsoleUI

/// The same screen under two themes: widgets write roles, so the text and the role of every cell are
/// the same; only the terminal's mapping from roles to colours differs.
@Suite struct ThemeRoleSnapshotTests {
    static let frame = render(Incident.atDisableAutoSync().console(), size: Size(width: 100, height: 30), glyphs: .unicode)

    /// One letter per cell for the roles that carry meaning; `.` for anything else.
    static func roleGrid(_ frame: Frame) -> [String] {
        let letters: [StyleRole: Character] = [.ok: "o", .warn: "w", .danger: "d", .gateKey: "g", .simulationBanner: "s"]
        return (0..<frame.size.height).map { y in String((0..<frame.size.width).map { letters[frame[$0, y].style.role] ?? "." }) }
    }

    @Test func sameFrameUnderTwoThemesHasTheSameRolesAndDifferentColours() {
        let dark = Theme.builtIn, light = Theme.builtInThemes["light"]!
        let darkText = ANSIFrameText.text(Self.frame, theme: dark, mode: .palette256)
        let lightText = ANSIFrameText.text(Self.frame, theme: light, mode: .palette256)
        #expect(darkText != lightText, "the themes colour the roles differently")
        #expect(SGR.stripped(darkText) == SGR.stripped(lightText), "the characters are the same")
        #expect(SGR.stripped(darkText) == Self.frame.lines.joined(separator: "\n") + "\n")
        #expect(dark.terminalStyles(for: .palette256)[.ok] != light.terminalStyles(for: .palette256)[.ok])
    }

    @Test func verdictsAndGateKeyCarryTheirRoles() throws {
        let lines = Self.frame.lines, grid = Self.roleGrid(Self.frame)
        func role(of text: String) throws -> Character {
            let y = try #require(lines.firstIndex { $0.contains(text) }, "\(text) on screen")
            let x = lines[y].distance(from: lines[y].startIndex, to: lines[y].range(of: text)!.lowerBound)
            return Array(grid[y])[x]
        }
        #expect(try role(of: "✓ SAFE") == "o")
        #expect(try role(of: "✓ Healthy") == "o")
        #expect(try role(of: "▲ ON") == "w")
        #expect(try role(of: "SIMULATION") == "s")
        #expect(grid.contains { $0.contains("g") }, "the gate key is drawn in its role")
    }

    @Test(arguments: ["default", "light", "high-contrast", "monochrome", "colour-blind"])
    func noColourModeSendsNoColourEscapes(_ name: String) throws {
        let theme = try #require(Theme.builtInThemes[name])
        let text = ANSIFrameText.text(Self.frame, theme: theme, mode: .none)
        #expect(SGR.colourCodes(in: text).isEmpty)
        #expect(text.contains("\u{1b}[0;1"), "bold still carries emphasis")
    }

    @Test(arguments: ["default", "light", "high-contrast", "colour-blind"])
    func colouredThemesSendColourEscapes(_ name: String) throws {
        let theme = try #require(Theme.builtInThemes[name])
        #expect(!SGR.colourCodes(in: ANSIFrameText.text(Self.frame, theme: theme, mode: .ansi8)).isEmpty)
    }

    @Test func truecolorPreviewSendsTheThemesExactRGB() throws {
        let theme = try #require(Theme.builtInThemes["colour-blind"])
        let text = ANSIFrameText.text(Self.frame, theme: theme, mode: .truecolor)
        #expect(text.contains("38;2;0;114;178"), "ok in #0072b2")
    }

    @Test func previewSampleShowsEveryVerdictRole() {
        let frame = render(ThemePreview.sampleState(), size: Size(width: 120, height: 36), glyphs: .unicode)
        let screen = frame.lines.joined(separator: "\n")
        for text in ["SIMULATION", "SAFE", "REVIEW", "Healthy", "argocd app set bookstore-catalog-us-east --sync-policy none"] {
            #expect(screen.contains(text), "\(text)\n\(screen)")
        }
        let roles = Set(frame.cells.map(\.style.role))
        #expect(roles.isSuperset(of: [.ok, .warn, .danger, .gateKey, .simulationBanner, .chartLine]))
    }
}
