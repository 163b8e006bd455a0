import Foundation
import TestHarness
import Integrations
import RunbookEngine

/// A real git repository in a temp dir, written through ProcessRunner with argv arrays,
/// a fixed identity and no user or system git config.
struct GitTestRepo {
    let dir: TemporaryDirectory
    var path: String { dir.path }
    static let git = ProcessRunner(environment: [
        "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.com",
        "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com",
        "GIT_AUTHOR_DATE": "2026-05-20T10:00:00Z", "GIT_COMMITTER_DATE": "2026-05-20T10:00:00Z",
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
    ])

    init() async throws {
        dir = try TemporaryDirectory()
        try await run("init", "-q", "-b", "main")
    }

    /// Clones `origin` into a fresh directory.
    init(cloning origin: GitTestRepo) async throws {
        dir = try TemporaryDirectory()
        let result = await Self.git.run(["git", "clone", "-q", origin.path, dir.path], timeout: .seconds(30), workingDirectory: nil)
        guard result.succeeded else { throw PortError(.failed, "git clone: \(result.stderr)") }
    }

    @discardableResult
    func run(_ arguments: String...) async throws -> String {
        let result = await Self.git.run(["git", "-C", path] + arguments, timeout: .seconds(30), workingDirectory: nil)
        guard result.succeeded else { throw PortError(.failed, "\(result.commandLine): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the files and commits them; returns the full SHA.
    @discardableResult
    func commit(_ message: String, files: [String: String]) async throws -> String {
        for (name, content) in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
            try await run("add", "--", name)
        }
        try await run("commit", "-q", "-m", message)
        return try await run("rev-parse", "HEAD")
    }
}
