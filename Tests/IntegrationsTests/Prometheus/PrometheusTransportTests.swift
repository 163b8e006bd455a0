import Foundation
import TestHarness
import Integrations
import RunbookEngine
import Testing

/// What the pane says when Prometheus is down, hangs, or is not Prometheus at all: a closed port
/// and tiny local listeners stand in for the broken server.
@Suite(.serialized) struct PrometheusTransportTests {
    let from = Date(timeIntervalSince1970: 1_795_740_000)
    let to = Date(timeIntervalSince1970: 1_795_741_800)
    let query = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"catalog\"}[5m])))"

    func failure(_ url: URL, token: String? = nil, timeout: Duration = .seconds(10)) async -> PortError? {
        let metrics = PrometheusMetrics(baseURL: url, query: query, bearerToken: token, timeout: timeout)
        do { _ = try await metrics.p99(from: from, to: to, step: .seconds(15)); return nil } catch {
            return error as? PortError
        }
    }

    @Test func closedPortSaysTheConnectionWasRefused() async throws {
        let port = try LocalListener.closedPort()
        let error = try #require(await failure(URL(string: "http://127.0.0.1:\(port)")!))
        #expect(error == PortError(.failed, "Prometheus at http://127.0.0.1:\(port) refused the connection — is it up? (--prometheus)"))
    }

    @Test func serverThatNeverAnswersTimesOutWithinTheTimeout() async throws {
        let listener = try LocalListener(.silent)
        defer { listener.stop() }
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await failure(listener.url, timeout: .seconds(1)))
        let elapsed = clock.now - started
        #expect(error == PortError(.timeout, "Prometheus at http://127.0.0.1:\(listener.port) did not answer within 1 s"))
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(3), "gave up after \(elapsed)")
    }

    @Test func garbageBodyIsMalformed() async throws {
        let page = "<html><body>Please sign in</body></html>"
        let listener = try LocalListener(.answer(Self.http(200, contentType: "text/html", page)))
        defer { listener.stop() }
        let error = try #require(await failure(listener.url))
        #expect(error.kind == .malformed)
        #expect(error.message == "Prometheus at http://127.0.0.1:\(listener.port) answered with something that is not the Prometheus API: \(page)")
    }

    @Test func jsonOfTheWrongShapeIsMalformed() async throws {
        let listener = try LocalListener(.answer(Self.http(200, #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["x",1]]}]}}"#)))
        defer { listener.stop() }
        let error = try #require(await failure(listener.url))
        #expect(error.kind == .malformed)
        #expect(error.message.contains("JSON but not a range query result"), "\(error.message)")
    }

    @Test func bearerTokenIsSentAndNeverShown() async throws {
        let listener = try LocalListener(.answer(Self.http(401, contentType: "text/plain", "Unauthorized")))
        defer { listener.stop() }
        let token = "s3cr3t-token-value"
        let error = try #require(await failure(listener.url, token: token))
        #expect(error.message == "Prometheus at http://127.0.0.1:\(listener.port) answered HTTP 401 Unauthorized — pass a valid bearer token")
        #expect(!error.message.contains(token))
        let head = try #require(listener.requests.first)
        #expect(head.contains("Authorization: Bearer \(token)\r\n"), "\(head)")
        #expect(head.hasPrefix("GET /api/v1/query_range?query=histogram_quantile%280.99%2C"), "\(head)")
        #expect(head.contains("&start=1795740000.000&end=1795741800.000&step=15 "), "\(head)")
    }

    @Test func noTokenSendsNoAuthorizationHeader() async throws {
        let listener = try LocalListener(.answer(Self.http(200, #"{"status":"success","data":{"resultType":"matrix","result":[]}}"#)))
        defer { listener.stop() }
        let error = try #require(await failure(listener.url))
        #expect(error.kind == .empty)
        #expect(listener.requests.first.map { !$0.lowercased().contains("authorization:") } == true)
    }

    @Test func basePathIsKeptAndCredentialsAreNotShown() async throws {
        let listener = try LocalListener(.answer(Self.http(404, contentType: "text/plain", "404 page not found")))
        defer { listener.stop() }
        let error = try #require(await failure(URL(string: "http://ops:hunter2@127.0.0.1:\(listener.port)/prometheus/")!))
        #expect(error.message == "no Prometheus API at http://127.0.0.1:\(listener.port)/prometheus (HTTP 404 for /api/v1/query_range) — pass the server's base URL (--prometheus)")
        #expect(listener.requests.first?.hasPrefix("GET /prometheus/api/v1/query_range?") == true)
    }

    @Test func moreThanOneSeriesAsksForAnAggregation() async throws {
        let two = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"a"},"values":[[1795740000,"0.2"]]},{"metric":{"pod":"b"},"values":[[1795740000,"0.3"]]}]}}"#
        let listener = try LocalListener(.answer(Self.http(200, two)))
        defer { listener.stop() }
        let error = try #require(await failure(listener.url))
        #expect(error.message == "\(query) returned 2 series; p99 needs exactly one — aggregate it, e.g. sum(…) or sum by (le) (…)")
    }

    @Test func notAnHTTPURLIsRefusedBeforeAnyRequest() async throws {
        let error = try #require(await failure(URL(string: "file:///etc/passwd")!))
        #expect(error.message.hasSuffix("is not an http(s) URL of a Prometheus server — check --prometheus"), "\(error.message)")
    }

    static func http(_ status: Int, contentType: String = "application/json", _ body: String) -> String {
        let reason = [200: "OK", 401: "Unauthorized", 404: "Not Found"][status] ?? "Status"
        return "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }
}
