import Foundation

/// A private tmux server running one program: the real terminal for end-to-end tests.
/// (TESTING-NOTES: own socket, no config, status off, remain-on-exit so the pane outlives the program.)
final class Tmux {
    let socket: String
    let session = "e2e"

    init(command: [String], width: Int, height: Int, environment: [String: String] = [:]) throws {
        socket = NSTemporaryDirectory() + "ic-tmux-\(UUID().uuidString.prefix(8))"
        let env = environment.map { "\($0.key)=\($0.value)" }
        // tmux runs the program through its own shell; every word is quoted so nothing is interpreted.
        let line = (["env"] + env + command).map(Tmux.quote).joined(separator: " ")
        try run(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", line])
        try run(["set", "-g", "status", "off"])
        try run(["set", "-g", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    func send(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys) }

    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", session] + (escapes ? ["-e"] : []))
    }

    func paneDead() throws -> Bool {
        try run(["display", "-p", "-t", session, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func exitStatus() throws -> String {
        try run(["display", "-p", "-t", session, "#{pane_dead_status}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds or `timeout` passes; returns the last screen.
    @discardableResult
    func wait(timeout: Double, for predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return last
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-S", socket] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TMUX")
        process.environment = environment
        // Output goes to a file, not a pipe: the tmux server that new-session forks would hold a pipe open forever.
        let outputPath = NSTemporaryDirectory() + "ic-tmux-out-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// The built binary (scripts/test builds it before the tests run).
enum Binary {
    static var path: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/incident-console").path
    }
}
