import Foundation
import TestHarness
@testable import Integrations
import RunbookEngine
import Testing

/// The bearer token goes to the server --prometheus names and nowhere else: a redirect to another host
/// or port (or from https down to http) is refused and said so; one on the same server is followed.
@Suite(.serialized) struct PrometheusRedirectTests {
    let token = "s3cr3t-redirect-token"
    let from = Date(timeIntervalSince1970: 1_795_740_000)
    let to = Date(timeIntervalSince1970: 1_795_741_800)
    static let matrix = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1795740000,"0.42"]]}]}}"#

    static func ok(_ body: String) -> String {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    }

    func p99(_ url: URL) async -> Result<[LatencySample], PortError> {
        let metrics = PrometheusMetrics(baseURL: url, query: "up", bearerToken: token, timeout: .seconds(5))
        do { return .success(try await metrics.p99(from: from, to: to, step: .seconds(15))) } catch {
            return .failure(error as? PortError ?? PortError(.failed, "\(error)"))
        }
    }

    /// 127.0.0.2 is another host on the loopback; the same host on another port is another server too.
    @Test(arguments: ["127.0.0.2", "127.0.0.1"])
    func aRedirectToAnotherServerIsRefusedAndTheTokenNeverReachesIt(host: String) async throws {
        let elsewhere = try LocalListener(.answer(Self.ok(Self.matrix)), host: host)
        defer { elsewhere.stop() }
        let target = URL(string: "http://\(host):\(elsewhere.port)/api/v1/query_range")!
        let redirecting = try LocalListener(.redirect(to: target))
        defer { redirecting.stop() }

        let result = await p99(redirecting.url)
        guard case .failure(let error) = result else {
            Issue.record("the redirect was followed: \(result)")
            return
        }
        #expect(error.message == "Prometheus at http://127.0.0.1:\(redirecting.port) redirected to \(target.absoluteString): refused, "
            + "a request (and its bearer token) goes only to the server --prometheus names — point it at that server")
        #expect(redirecting.requests.count == 1 && redirecting.requests[0].contains("Bearer \(token)"), "the server given gets the token")
        #expect(elsewhere.requests.isEmpty, "nothing, and no token, reaches the other server: \(elsewhere.requests)")
    }

    /// The control: a redirect within the same server is followed (so the refusal above is the guard's doing).
    /// The Location is relative: the listener's port is known only once it listens.
    @Test func aRedirectOnTheSameServerIsFollowed() async throws {
        let listener = try LocalListener(.answers([
            "HTTP/1.1 302 Found\r\nLocation: /moved/api/v1/query_range?query=up\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            Self.ok(Self.matrix),
        ]))
        defer { listener.stop() }
        let samples = try await p99(listener.url).get()
        #expect(samples.map(\.seconds) == [0.42])
        #expect(listener.requests.count == 2, "\(listener.requests)")
        #expect(listener.requests.last?.hasPrefix("GET /moved/api/v1/query_range") == true)
        #expect(listener.requests.last?.contains("Bearer \(token)") == true, "the same server gets the token again")
    }

    @Test(arguments: [
        ("http://prom:9090/a", "http://prom:9090/b", true),
        ("http://prom:9090/a", "http://PROM:9090/b", true),
        ("http://prom/a", "http://prom:80/b", true),
        ("http://prom:9090/a", "https://prom/b", true),
        ("https://prom/a", "https://prom:443/b", true),
        ("https://prom/a", "http://prom/b", false),
        ("https://prom:9090/a", "http://prom:9090/b", false),
        ("http://prom:9090/a", "http://prom:9091/b", false),
        ("http://prom:9090/a", "http://evil:9090/b", false),
        ("http://prom:9090/a", "http://prom.evil:9090/b", false),
        ("http://prom:9090/a", "ftp://prom:9090/b", false),
    ])
    func whichRedirectsStayOnTheServer(from: String, to: String, stays: Bool) {
        #expect(RedirectGuard.staysOnServer(from: URL(string: from)!, to: URL(string: to)!) == stays)
    }
}
