import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MigrationSafety
import RunbookEngine

/// Every way talking to Prometheus can fail, as the one line the pane shows. The bearer token
/// never appears here: messages name the server by scheme, host, port and path only.
enum PrometheusFailure {
    static func timeout(_ server: String, after timeout: Duration) -> PortError {
        PortError(.timeout, "Prometheus at \(server) did not answer within \(format(timeout))")
    }

    static func transport(_ error: URLError, server: String, timeout: Duration) -> PortError {
        switch error.code {
        case .cannotConnectToHost:
            PortError(.failed, "Prometheus at \(server) refused the connection — is it up? (--prometheus)")
        case .timedOut:
            Self.timeout(server, after: timeout)
        case .cannotFindHost, .dnsLookupFailed:
            PortError(.failed, "cannot resolve the host of Prometheus at \(server) — check --prometheus")
        case .networkConnectionLost:
            PortError(.failed, "Prometheus at \(server) closed the connection before answering")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected:
            PortError(.failed, "TLS with Prometheus at \(server) failed: \(error.localizedDescription)")
        case .unsupportedURL:
            PortError(.failed, "\(server) is not an http(s) URL of a Prometheus server — check --prometheus")
        default:
            PortError(.failed, "could not reach Prometheus at \(server): \(error.localizedDescription)")
        }
    }

    /// The server answered, but not with success. `errorType`/`error` are the API's own words
    /// when the body is an API error; otherwise the status says what went wrong.
    static func http(status: Int, errorType: String?, error: String?, body: Data, server: String, endpoint: String) -> PortError {
        if let error {
            let kind = errorType.map { "\($0): " } ?? ""
            return switch status {
            case 400: PortError(.failed, "Prometheus rejected the query — \(kind)\(error)")
            case 422: PortError(.failed, "Prometheus could not run the query — \(kind)\(error)")
            case 503: PortError(.failed, "Prometheus gave up on the query — \(kind)\(error)")
            default: PortError(.failed, "Prometheus at \(server) answered HTTP \(status) — \(kind)\(error)")
            }
        }
        return switch status {
        case 401, 403:
            PortError(.failed, "Prometheus at \(server) answered HTTP \(status)\(reason(status)) — pass a valid bearer token")
        case 404:
            PortError(.failed, "no Prometheus API at \(server) (HTTP 404 for /api/v1/\(endpoint)) — pass the server's base URL (--prometheus)")
        case 200..<300:
            malformed(body, server: server, why: "not the Prometheus API")
        default:
            PortError(.failed, "Prometheus at \(server) answered HTTP \(status)\(reason(status))\(excerpt(body).map { ": \($0)" } ?? "")")
        }
    }

    /// A body we cannot read as the API's JSON.
    static func malformed(_ body: Data, server: String, why: String) -> PortError {
        let shown = excerpt(body).map { ": \($0)" } ?? " (an empty body)"
        return PortError(.malformed, "Prometheus at \(server) answered with something that is \(why)\(shown)")
    }

    static func empty(_ query: String, server: String) -> PortError {
        PortError(.empty, "no series for \(query) at \(server)")
    }

    /// The start of a body, on one line and printable: enough to recognise a proxy's login page.
    static func excerpt(_ body: Data, limit: Int = 80) -> String? {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        let flat = text.unicodeScalars
            .map { TerminalText.isUnsafe($0) ? " " : String($0) } // the screen's own rule, bidi overrides included
            .joined()
            .split(separator: " ", omittingEmptySubsequences: true)
            .joined(separator: " ")
        guard !flat.isEmpty else { return nil }
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// scheme://host:port/path — without user, password, query or trailing slash.
    static func describe(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "the configured URL" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        var text = components.string ?? "the configured URL"
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// "10 s", "0.5 s".
    static func format(_ duration: Duration) -> String {
        String(format: "%g s", duration.seconds)
    }

    /// The reason phrase for the statuses a proxy or a Prometheus gives (Foundation's own table
    /// differs between platforms).
    private static func reason(_ status: Int) -> String {
        let phrases = [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                       405: "Method Not Allowed", 429: "Too Many Requests", 500: "Internal Server Error",
                       502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"]
        return phrases[status].map { " \($0)" } ?? ""
    }
}
