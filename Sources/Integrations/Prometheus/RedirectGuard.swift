import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Prometheus session's delegate: collects each request's answer, and refuses a redirect that would
/// carry the bearer token anywhere but the server it was given for — another host or port, or from
/// https down to http. (A completion-handler task never asks its delegate, so tasks here have none.)
final class RedirectGuard: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    typealias Finish = @Sendable (Result<(Data, URLResponse), any Error>) -> Void

    /// A redirect the guard would not follow; `PrometheusClient` phrases it for the pane.
    struct Refused: Error {
        var from: URL
        var to: URL
    }

    // Guards the three tables, each keyed by task identifier; the delegate queue and the caller both touch them.
    private let lock = NSLock()
    private var bodies: [Int: Data] = [:]
    private var finishes: [Int: Finish] = [:]
    private var refused: [Int: Refused] = [:]

    /// Call before `task.resume()`: `finish` gets the answer, or why there is none, exactly once.
    func register(_ task: URLSessionTask, finish: @escaping Finish) {
        lock.withLock {
            bodies[task.taskIdentifier] = Data()
            finishes[task.taskIdentifier] = finish
        }
    }

    /// Whether a redirect from `from` to `to` stays on the same server: same host, and the same scheme
    /// and port, or an upgrade from http to https.
    static func staysOnServer(from: URL, to: URL) -> Bool {
        guard let fromHost = from.host?.lowercased(), let toHost = to.host?.lowercased(), fromHost == toHost,
              let fromScheme = from.scheme?.lowercased(), let toScheme = to.scheme?.lowercased() else { return false }
        if fromScheme == "http" && toScheme == "https" { return true }
        return fromScheme == toScheme && port(from) == port(to)
    }

    private static func port(_ url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        guard let from = task.currentRequest?.url ?? task.originalRequest?.url, let to = request.url,
              Self.staysOnServer(from: from, to: to) else {
            let from = task.currentRequest?.url ?? task.originalRequest?.url ?? URL(fileURLWithPath: "/")
            lock.withLock { refused[task.taskIdentifier] = Refused(from: from, to: request.url ?? from) }
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock { bodies[dataTask.taskIdentifier]?.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (body, finish, refusal) = lock.withLock {
            (bodies.removeValue(forKey: task.taskIdentifier), finishes.removeValue(forKey: task.taskIdentifier),
             refused.removeValue(forKey: task.taskIdentifier))
        }
        guard let finish else { return }
        if let refusal {
            finish(.failure(refusal))
        } else if let error {
            finish(.failure(error))
        } else if let response = task.response {
            finish(.success((body ?? Data(), response)))
        } else {
            finish(.failure(URLError(.badServerResponse)))
        }
    }
}
