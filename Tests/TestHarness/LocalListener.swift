import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 (or another loopback address, a second "host") standing in for a broken
/// Prometheus: one that accepts and never answers, one that answers every request with the same canned
/// HTTP response, or one that redirects every request elsewhere.
public final class LocalListener: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Accepts the connection, reads nothing, answers nothing.
        case silent
        /// Reads the request head and answers with this raw HTTP response.
        case answer(String)

        /// Answers the first requests with these responses in turn, and every later one with the last.
        case answers([String])

        /// Answers every request with `302 Found` to `location`.
        public static func redirect(to location: URL) -> Behaviour {
            .answer("HTTP/1.1 302 Found\r\nLocation: \(location.absoluteString)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
    }

    public let port: UInt16
    /// The loopback address it listens on: Linux routes all of 127.0.0.0/8 to lo, so 127.0.0.2 is another host.
    public let host: String
    public var url: URL { URL(string: "http://\(host):\(port)")! }
    private let socket: Int32
    private let lock = NSLock()
    private var held: [Int32] = []
    private var heads: [String] = []
    private var payloads: [String] = []
    private var stopped = false

    public init(_ behaviour: Behaviour, host: String = "127.0.0.1") throws {
        self.host = host
        (socket, port) = try Self.bind(listening: true, host: host)
        let thread = Thread { [self] in serve(behaviour) }
        thread.start()
    }

    /// The request heads received so far (request line and headers).
    public var requests: [String] { lock.withLock { heads } }

    /// The request bodies received so far (as many bytes as each request's Content-Length says), in order.
    public var bodies: [String] { lock.withLock { payloads } }

    /// Closes the listener and every held connection. The serving thread holds `self`, so this
    /// must be called (tests `defer` it); a second call does nothing.
    public func stop() {
        let open: [Int32]? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            defer { held = [] }
            return held
        }
        guard let open else { return }
        open.forEach { close($0) }
        shutdown(socket, Int32(SHUT_RDWR))
        close(socket)
    }

    private func serve(_ behaviour: Behaviour) {
        while true {
            let connection = accept(socket, nil, nil)
            guard connection >= 0 else { return }
            switch behaviour {
            case .silent:
                lock.withLock { held.append(connection) }
            case .answer, .answers:
                let (head, body) = readRequest(connection)
                let count = lock.withLock { heads.append(head); payloads.append(body); return heads.count }
                let response = switch behaviour {
                case .answers(let responses): responses.isEmpty ? "" : responses[min(count, responses.count) - 1]
                case .answer(let response): response
                case .silent: ""
                }
                _ = response.utf8CString.withUnsafeBufferPointer { write(connection, $0.baseAddress, $0.count - 1) }
                close(connection)
            }
        }
    }

    /// The head up to its blank line, and the body its Content-Length announces (read past the head).
    private func readRequest(_ connection: Int32) -> (head: String, body: String) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func more() -> Bool {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return false }
            bytes += buffer[0..<count]
            return true
        }
        var end: Int?
        while end == nil, bytes.count < 65536 {
            end = bytes.indices.dropLast(3).first { bytes[$0..<($0 + 4)].elementsEqual("\r\n\r\n".utf8) }.map { $0 + 4 }
            if end == nil, !more() { break }
        }
        let headEnd = end ?? bytes.count
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        let length = head.split(separator: "\r\n").lazy
            .compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        while bytes.count - headEnd < length, bytes.count < 1 << 20, more() {}
        let body = bytes[headEnd..<min(bytes.count, headEnd + length)]
        return (head, String(decoding: body, as: UTF8.self))
    }

    /// A port nothing listens on: bound, then closed, so a connection there is refused.
    public static func closedPort() throws -> UInt16 {
        let (fd, port) = try bind(listening: false)
        close(fd)
        return port
    }

    /// A free port for a server the test starts (the kernel picks it; the small race is accepted).
    public static func freePort() throws -> UInt16 { try closedPort() }

    private static func bind(listening: Bool, host: String = "127.0.0.1") throws -> (Int32, UInt16) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerError(message: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, !listening || listen(fd, 16) == 0 else {
            close(fd)
            throw ListenerError(message: "bind/listen on \(host): \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}

public struct ListenerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
