import Foundation
import MigrationSafety
import Testing
import RunbookEngine
@testable import ConsoleUI

/// Every verdict and health state also has a symbol and a word, so NO_COLOR, monochrome and a
/// colour-blind reader lose nothing (✓ ✗ ▲, and v x ! in ASCII).
@Suite struct MeaningWithoutColourTests {
    static let symbols: [Glyphs: Set<String>] = [
        .unicode: [String(Glyphs.unicode.check), String(Glyphs.unicode.cross), String(Glyphs.unicode.warn), String(Glyphs.unicode.pointer)],
        .ascii: [String(Glyphs.ascii.check), String(Glyphs.ascii.cross), String(Glyphs.ascii.warn), String(Glyphs.ascii.pointer)],
    ]

    @Test(arguments: [Glyphs.unicode, .ascii])
    func everyStateHasASymbolThatSetsItsRoleApart(_ glyphs: Glyphs) {
        let marks = Verdict.allCases.map { Mark.verdict($0, glyphs) } + HealthStatus.allCases.map { Mark.health($0, glyphs) }
            + SyncStatus.allCases.map { Mark.sync($0, glyphs) }
            + [OperationPhase.succeeded, .failed, .error, .running, .terminating].map { Mark.operation($0, glyphs) }
        for mark in marks where [.ok, .warn, .danger].contains(mark.role) {
            #expect(Self.symbols[glyphs]!.contains(mark.symbol), "\(mark) has a symbol")
        }
        // One symbol per meaning: two roles never share a symbol.
        let byRole = Dictionary(grouping: marks, by: \.role).mapValues { Set($0.map(\.symbol)) }
        for role in [StyleRole.ok, .warn, .danger] {
            for other in [StyleRole.ok, .warn, .danger] where other != role {
                #expect(byRole[role, default: []].isDisjoint(with: byRole[other, default: []]), "\(role) vs \(other)")
            }
        }
    }

    @Test func verdictWordsAreDistinct() {
        #expect(Set(Verdict.allCases.map(\.word)) == ["SAFE", "REVIEW", "UNSAFE"])
    }

    static let screens: [(String, ConsoleState)] = [
        ("evidence", Incident.evidenceIn().console()),
        ("hard stop", Incident.evidenceIn(report: Incident.unsafeReport).console()),
        ("gate 3a", Incident.atDisableAutoSync().console()),
        ("verifying", Incident.verifying().console()),
        ("complete", Incident.complete().console()),
        ("preview", ThemePreview.sampleState()),
    ]

    /// On every screen, each block of lines with ok, warn or danger cells (a banner, a wrapped
    /// detail) also shows a symbol: read in black and white, it still says which it is.
    @Test(arguments: [Glyphs.unicode, .ascii], [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func everyColouredStateHasASymbol(_ glyphs: Glyphs, _ size: Size) {
        let meaningful: Set<StyleRole> = [.ok, .warn, .danger]
        for (name, state) in Self.screens {
            let frame = render(state, size: size, glyphs: glyphs)
            var block: [String] = []
            func check() {
                defer { block = [] }
                guard !block.isEmpty else { return }
                let hasSymbol = block.contains { line in Self.symbols[glyphs]!.contains { line.contains($0) } }
                #expect(hasSymbol, "\(name) \(size.width)x\(size.height):\n\(block.joined(separator: "\n"))")
            }
            for y in 0..<frame.size.height {
                // The chart's bars above the threshold are red; the p99 line above the chart says ✗ above.
                let cells = (0..<frame.size.width).map { frame[$0, y] }.filter { !glyphs.chartBlocks.contains($0.character) }
                if cells.contains(where: { meaningful.contains($0.style.role) }) { block.append(frame.lines[y]) } else { check() }
            }
            check()
        }
    }
}

extension Glyphs: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(String(check) + String(topLeft)) }
}
