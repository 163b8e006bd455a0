import Foundation
import Testing

/// Issue 16: `demo` taken by 3a's pin instead of disabling auto-sync, in a real terminal (tmux): the pin's
/// command is on screen before its `y`, 3b syncs to the pin, and 3d shows the command that restores HEAD.
@Suite(.serialized)
struct PinPathEndToEndTests {
    static let app = "bookstore-catalog-us-east"
    static let disable = "argocd app set \(app) --sync-policy none"
    static let pin = "argocd app set \(app) --revision a1b2c3d"
    static let restore = "argocd app set \(app) --revision HEAD"

    @Test func demoTakesThePinPathEndToEnd() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Binary.path), "build the binary first: swift build")
        let journal = NSTemporaryDirectory() + "ic-e2e-pin-\(UUID().uuidString.prefix(8)).jsonl"
        let written = ["-status-update.txt", "-postmortem.md"].map { journal.replacingOccurrences(of: ".jsonl", with: $0) }
        defer { for path in [journal] + written { try? FileManager.default.removeItem(atPath: path) } }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"])

        // y up to 3a's gate, which offers the pin with one labelled key.
        let at3a = try tmux.pressY(timeout: 60) { $0.contains(Self.disable) }
        #expect(at3a.contains(Self.disable), "3a's gate\n\(at3a)")
        #expect(at3a.contains("[t] pin instead"), "t is offered on 3a's gate\n\(at3a)")
        try tmux.send("t")
        let pinGate = try tmux.wait(timeout: 10) { $0.contains(Self.pin) }
        #expect(pinGate.contains(Self.pin), "the pin command is on screen before any y\n\(pinGate)")
        #expect(pinGate.contains("[t] disable instead"))
        #expect(!pinGate.contains(Self.disable), "the bar shows one command")

        // From here y to the end, remembering what the bar showed.
        var screen = pinGate
        var sawSync = false, sawRestore = false
        let deadline = Date().addingTimeInterval(150)
        while !screen.contains("Runbook complete"), Date() < deadline {
            sawSync = sawSync || screen.contains("$ argocd app sync \(Self.app)")
            sawRestore = sawRestore || screen.contains("$ \(Self.restore)")
            try tmux.send("y")
            Thread.sleep(forTimeInterval: 0.8)
            screen = try tmux.screen()
        }
        #expect(screen.contains("Runbook complete"), "the pin path ends complete\n\(screen)")
        #expect(sawSync, "3b syncs the pinned app")
        #expect(sawRestore, "3d shows the command that restores targetRevision")

        // The journal: the choice, then 3a's confirmation of exactly the pin, then 3d's restore.
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        let chose = lines.firstIndex { $0.contains(#""autoSyncGuardChosen":{"_0":"pin""#) }
        let confirmedPin = lines.firstIndex { $0.contains("\"confirmed\"") && $0.contains("\"disableAutoSync\"") && $0.contains(#""--revision","a1b2c3d""#) }
        let confirmedRestore = lines.firstIndex { $0.contains("\"confirmed\"") && $0.contains("\"enableAutoSync\"") && $0.contains(#""--revision","HEAD""#) }
        #expect(chose != nil && confirmedPin != nil && confirmedRestore != nil, "choice \(String(describing: chose)), pin \(String(describing: confirmedPin)), restore \(String(describing: confirmedRestore))")
        if let chose, let confirmedPin, let confirmedRestore { #expect(chose < confirmedPin && confirmedPin < confirmedRestore) }
        #expect(!lines.contains { $0.contains("\"confirmed\"") && $0.contains("--sync-policy") }, "auto-sync was never switched")

        try tmux.send("q")
        _ = try tmux.wait(timeout: 3) { $0.lowercased().contains("quit") }
        try tmux.send("y")
    }
}
