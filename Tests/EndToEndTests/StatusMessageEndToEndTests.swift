import Foundation
import Testing

/// Issue 15, Step 4 in the real binary in a real terminal: the message on screen with its region, the
/// severity asked at the gate (`p` makes it P0), and the file holding exactly the parts that were shown.
@Suite(.serialized)
struct StatusMessageEndToEndTests {
    @Test func step4ShowsTheMessageAndPMakesItAP0WithItsThreePartsInTheFile() throws {
        let journal = TrainTests.journalPath()
        defer { TrainTests.remove(journal) }
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal],
                            width: 160, height: 48, environment: TrainTests.environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("SIMULATION") && $0.contains("awaiting y") }
        let atStep4 = try tmux.pressY(timeout: 120) { $0.contains("Step 4 message — P1") }
        #expect(atStep4.contains("Step 4 message — P1"), "\(atStep4)")
        let squeezed = atStep4.filter { !$0.isWhitespace }
        #expect(squeezed.contains("afterdeployd8f3c2ainus-east"), "the region from the demo's app\n\(atStep4)")
        #expect(squeezed.contains("Rolledbacktoa1b2c3dat"))
        #expect(!atStep4.contains("Tenant contacts"), "P1 is the channel message alone")

        try tmux.send("p")
        let p0 = try tmux.wait(timeout: 10) { $0.contains("Step 4 message — P0") && $0.contains("Status page") }
        #expect(p0.contains("2/3 Tenant contacts") && p0.contains("3/3 Status page"), "\(p0)")
        #expect(TrainTests.lines(journal).contains { $0.contains("\"severityChosen\"") && $0.contains("\"P0\"") })

        try tmux.pressY(timeout: 30) { _ in TrainTests.lines(journal).contains { $0.contains("\"communicated\"") } }
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        #expect(status.hasPrefix("[P0] Channel #bookstore-platform-status:\n"), "\(status)")
        #expect(status.contains("\n\n[P0] Tenant contacts:\n") && status.contains("\n\n[P0] Status page:\n"), "\(status)")
        #expect(status.contains("after deploy d8f3c2a in us-east"), "\(status)")
        try tmux.send("q")
    }
}
