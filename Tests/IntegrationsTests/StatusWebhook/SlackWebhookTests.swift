import Foundation
import Integrations
import RunbookEngine
import TestHarness
import Testing

/// Step 4b's port against a local HTTP server the test starts: the body arrives exactly, the answer is
/// the HTTP status, and a server that is down, refuses or never answers is a message without the URL.
@Suite(.serialized)
struct SlackWebhookTests {
    static func http(_ status: Int, _ reason: String, _ body: String = "ok") -> String {
        "HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    /// A webhook URL with a secret path, as Slack's are.
    static func webhook(_ base: URL) -> String { base.absoluteString + "/services/T000/B000/s3cr3tW3bh00kT0k3n" }

    static func port(_ url: String?, timeout: Duration = SlackWebhook.timeout) -> SlackWebhook {
        SlackWebhook(variable: "STATUS_WEBHOOK_URL", environment: url.map { ["STATUS_WEBHOOK_URL": $0] } ?? [:], timeout: timeout)
    }

    @Test func postsExactlyTheBodyAsJSONToTheWebhooksPathAndReturnsTheStatus() async throws {
        let server = try LocalListener(.answer(Self.http(200, "OK")))
        defer { server.stop() }
        let body = StatusPost.body("BookstoreCatalogP99Latency regression on bookstore-catalog-us-east \"quoted\" — ünïcode")
        let answer = await Self.port(Self.webhook(server.url)).post(body)
        #expect(answer == .ok(200))
        #expect(server.bodies == [body])
        let head = try #require(server.requests.first)
        #expect(head.hasPrefix("POST /services/T000/B000/s3cr3tW3bh00kT0k3n HTTP/1.1\r\n"), "\(head)")
        #expect(head.lowercased().contains("content-type: application/json"), "\(head)")
    }

    @Test func aServerAnswering500IsItsStatusNotAnError() async throws {
        let server = try LocalListener(.answer(Self.http(500, "Internal Server Error", "invalid_payload")))
        defer { server.stop() }
        #expect(await Self.port(Self.webhook(server.url)).post(StatusPost.body("x")) == .ok(500))
    }

    @Test func aServerThatIsDownIsAClearMessageWithoutTheURL() async throws {
        let url = Self.webhook(URL(string: "http://127.0.0.1:\(try LocalListener.closedPort())")!)
        let answer = await Self.port(url).post(StatusPost.body("x"))
        let error = try #require(answer.error)
        #expect(error.message.contains("could not connect to the status webhook's server"), "\(error.message)")
        #expect(!error.message.contains("s3cr3t") && !error.message.contains("127.0.0.1"), "\(error.message)")
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let server = try LocalListener(.silent)
        defer { server.stop() }
        let started = ContinuousClock.now
        let answer = await Self.port(Self.webhook(server.url), timeout: .seconds(1)).post(StatusPost.body("x"))
        #expect(answer.error?.kind == .timeout, "\(answer)")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(answer.error.map { !$0.message.contains("s3cr3t") } == true)
    }

    @Test(arguments: [(String?.none, "$STATUS_WEBHOOK_URL is not set"), ("", "$STATUS_WEBHOOK_URL is not set"),
                      ("not a url", "does not hold an http(s) URL"), ("file:///etc/passwd", "does not hold an http(s) URL")])
    func aMissingOrWrongVariableIsSaidByItsNameAndNothingIsSent(value: String?, said: String) async {
        let answer = await Self.port(value).post(StatusPost.body("x"))
        #expect(answer.error?.message.contains(said) == true, "\(answer)")
        if let value, !value.isEmpty { #expect(answer.error?.message.contains(value) == false) }
    }
}
