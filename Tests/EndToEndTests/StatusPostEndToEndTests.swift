import Foundation
import TestHarness
import Testing

/// Issue 15, Step 4b in the real binary: `demo --status-webhook-env VAR` against a local HTTP server the
/// test starts. The gate shows the JSON body, y posts exactly it, and the webhook's URL (a secret)
/// is nowhere in the journal, the log file or on the screen.
@Suite(.serialized)
struct StatusPostEndToEndTests {
    @Test func yPostsStep4sChannelMessageAsSlackJSONAndTheURLIsNeverJournaledLoggedOrShown() throws {
        let server = try LocalListener(.answer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"))
        defer { server.stop() }
        let secret = "s3cr3tW3bh00kT0k3n"
        let url = server.url.absoluteString + "/services/T000/B000/" + secret
        let state = try TemporaryDirectory()
        let journal = state.path + "/incident.jsonl"
        var environment = TrainTests.environment
        environment["XDG_STATE_HOME"] = state.path
        environment["STATUS_WEBHOOK_URL"] = url
        let tmux = try Tmux(command: [Binary.path, "demo", "--speed", "60", "--journal", journal,
                                      "--status-webhook-env", "STATUS_WEBHOOK_URL"],
                            width: 160, height: 48, environment: environment)
        _ = try tmux.wait(timeout: 30) { $0.contains("SIMULATION") && $0.contains("awaiting y") }
        _ = try tmux.pressY(timeout: 120) { $0.contains("Step 4 message — P1") }
        try tmux.pressY(timeout: 30) { _ in TrainTests.lines(journal).contains { $0.contains("\"communicated\"") } }
        let gate = try tmux.pressY(timeout: 60) { $0.contains("POSTs exactly this") }
        let squeezed = gate.filter { !$0.isWhitespace }
        #expect(squeezed.contains("statuswebhook") && squeezed.contains(#"{"text":"BookstoreCatalogP99Latencyregression"#), "\(gate)")
        #expect(server.bodies.isEmpty, "nothing is posted before y")

        try tmux.send("y")
        let posted = try tmux.wait(timeout: 20) { _ in TrainTests.lines(journal).contains { $0.contains("\"statusPosted\"") } }
        #expect(TrainTests.lines(journal).contains { $0.contains("\"statusPosted\"") && $0.contains("200") }, "\(posted)")
        // Exactly the channel part Step 4 wrote, as Slack's one-field body.
        let status = try String(contentsOfFile: IncidentPaths.statusMessage(journal), encoding: .utf8)
        let channel = String(status.split(separator: "\n")[1])
        let body = try #require(server.bodies.first)
        #expect(server.bodies.count == 1)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(body.utf8)) == ["text": channel], "\(body)")
        #expect(body.hasPrefix(#"{"text":"BookstoreCatalogP99Latency regression"#), "\(body)")
        #expect(server.requests.first?.hasPrefix("POST /services/T000/B000/\(secret) HTTP/1.1") == true)

        let done = try tmux.wait(timeout: 10) { $0.contains("posted to the status webhook") }
        try tmux.send("q")
        let journalText = try String(contentsOfFile: journal, encoding: .utf8)
        let log = try String(contentsOfFile: state.path + "/incident-console/incident-console.log", encoding: .utf8)
        #expect(log.contains("POST status webhook: HTTP 200"), "the post is logged (without its URL)\n\(log.suffix(1500))")
        for (name, text) in [("journal", journalText), ("log", log), ("screen", done + gate)] {
            #expect(!text.contains(secret) && !text.contains(":\(server.port)/"), "the webhook's URL leaked into the \(name)")
        }
    }
}
