import Foundation
import Testing
@testable import RunbookEngine

/// 3a records the whole `spec.syncPolicy.automated` block; 3d puts every field of it back.
@Suite("3a records the automated block, 3d restores all of it")
struct AutoSyncRestoreTests {
    @Test(arguments: [
        (AutoSync(prune: true, selfHeal: true, allowEmpty: true), ["--auto-prune", "--self-heal", "--allow-empty"]),
        (AutoSync(prune: true, selfHeal: true), ["--auto-prune", "--self-heal"]),
        (AutoSync(prune: false, selfHeal: false, allowEmpty: true), ["--allow-empty"]),
        (AutoSync(prune: false, selfHeal: true), ["--self-heal"]),
        (AutoSync(prune: false, selfHeal: false), []),
    ])
    func reEnablingRestoresEveryFieldAsItWas(before: AutoSync, flags: [String]) {
        var world = World()
        world.app.autoSync = before
        var walk = Walk.at(.enableAutoSync, world)
        #expect(walk.state.autoSyncBefore == before, "3a recorded the whole block")
        #expect(walk.state.argv(.enableAutoSync) == ["argocd", "app", "set", Incident.app, "--sync-policy", "automated"] + flags)
        walk.confirm(.enableAutoSync)
        walk.poll(for: 10)
        #expect(walk.world.app.autoSync == before, "Argo CD has the block back exactly")
        #expect(walk.state.status(.enableAutoSync).isFinished)
        #expect(!walk.state.notes.contains { $0.text.contains("not as 3a recorded it") })
    }

    @Test func aBlockThatComesBackDifferentIsSaid() {
        var world = World()
        world.app.autoSync = AutoSync(prune: true, selfHeal: true, allowEmpty: true)
        var walk = Walk.at(.enableAutoSync, world)
        walk.press(.enableAutoSync)
        walk.send(.gateFinished(step: .enableAutoSync, result: CommandResult(argv: walk.state.argv(.enableAutoSync), exitCode: 0, stdout: "", stderr: "")))
        var app = walk.world.app
        app.autoSync = AutoSync(prune: true, selfHeal: true)
        walk.send(.appRead(.ok(app)))
        #expect(walk.state.notes.last?.text == "Auto-sync is back as automated + prune + selfHeal, not as 3a recorded it (automated + prune + selfHeal + allowEmpty): set the rest by hand.")
    }

    /// Journals written before allowEmpty was read decode; a block with it set survives both readers.
    @Test func allowEmptyIsJournaledOnlyWhenSetAndReadBackByBothDecoders() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = String(decoding: try encoder.encode(AutoSync(prune: true, selfHeal: false)), as: UTF8.self)
        #expect(plain == #"{"prune":true,"selfHeal":false}"#)
        let old = try JSONDecoder().decode(AutoSync.self, from: Data(#"{"prune":true,"selfHeal":true}"#.utf8))
        #expect(old == AutoSync(prune: true, selfHeal: true, allowEmpty: false))
        var app = Incident.application()
        app.autoSync = AutoSync(prune: true, selfHeal: true, allowEmpty: true)
        let event = Event(at: Incident.start, .appRead(.ok(app)))
        let line = Data(try JournalCodec.encode(JournalRecord(seq: 7, event: event)).dropLast())
        #expect(String(decoding: line, as: UTF8.self).contains(#""allowEmpty":true"#))
        let fast = try line.withUnsafeBytes { try JournalRecord(pollLine: $0) }
        #expect(fast.event == event, "the poll fast path reads allowEmpty")
        #expect(try JournalCodec.decoder.decode(JournalRecord.self, from: line).event == event)
    }
}
