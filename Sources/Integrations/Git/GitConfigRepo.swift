import Foundation
import RunbookEngine

/// The config repo checkout the Application tracks, read with real `git` (argv, never a shell).
/// Step 0 reads the migration diff, Step 2 the bad revision's `--stat`, 3d whether it is reverted.
public struct GitConfigRepo: ConfigRepoPort {
    public let path: String
    /// The branch searched for a revert; nil means the checkout's current HEAD.
    public let branch: String?
    public let runner: any CommandRunner
    public let timeout: Duration

    public init(path: String, branch: String? = nil, runner: any CommandRunner = ProcessRunner(), timeout: Duration = .seconds(20)) {
        self.path = path
        self.branch = branch
        self.runner = runner
        self.timeout = timeout
    }

    /// `git -C PATH diff FROM..TO -- GLOB`; empty when no migration changed.
    public func migrationDiff(from: Revision, to: Revision, glob: String) async throws -> String {
        _ = try await fullSHA(of: from)
        _ = try await fullSHA(of: to)
        return try await git(["diff", "--no-color", "--no-ext-diff", "\(from.rawValue)..\(to.rawValue)", "--", glob]).stdout
    }

    /// `git diff EMPTY_TREE REV -- GLOB`: the same pathspec as the migration diff, every file added, one process.
    public func migrationHistory(at revision: Revision, glob: String) async throws -> String {
        _ = try await fullSHA(of: revision)
        // The empty tree's id depends on the repository's hash (SHA-1 or SHA-256): ask git for it.
        guard let empty = firstLine(try await git(["hash-object", "-t", "tree", "/dev/null"]).stdout) else {
            throw PortError(.malformed, "git hash-object printed no empty tree id in \(path)")
        }
        return try await git(["diff", "--no-color", "--no-ext-diff", "--no-renames", empty, revision.rawValue, "--", glob]).stdout
    }

    /// `git -C PATH show --stat REV`, with a fixed header format so the screen reads the same everywhere.
    public func showStat(_ revision: Revision) async throws -> String {
        _ = try await fullSHA(of: revision)
        let format = "--format=commit %H%nAuthor: %an <%ae>%nDate:   %aI%n%n%w(0,4,4)%B"
        return try await git(["show", "--no-color", "--stat", format, revision.rawValue]).stdout
    }

    /// `git -C PATH show REV` against its first parent, every changed file whole (`-U` wide enough), no
    /// renames: each file's keys can be named from its indentation, whatever is far above the change.
    public func showPatch(_ revision: Revision) async throws -> String {
        _ = try await fullSHA(of: revision)
        return try await git(["show", "--no-color", "--no-ext-diff", "--no-renames", "--diff-merges=first-parent",
                              "--format=", "--unified=1000000", revision.rawValue]).stdout
    }

    public func revertOf(_ revision: Revision) async throws -> Revision? {
        try await revertSearch(revision).revert
    }

    /// What `revertOf` found, and how fresh the look was.
    public struct RevertSearch: Sendable, Equatable {
        /// The newest commit on the branch whose message says "This reverts commit <full sha>".
        public var revert: Revision?
        /// The full SHA the search looked for.
        public var reverted: Revision
        /// Set when a remote exists but `git fetch` failed: the answer may be stale.
        public var fetchWarning: String?
    }

    /// Resolves `revision` to its full SHA, fetches when there is a remote (tolerating failure),
    /// then looks on the branch (and its upstream, if any) for the commit that reverts it.
    public func revertSearch(_ revision: Revision) async throws -> RevertSearch {
        let sha = try await fullSHA(of: revision)
        var fetchWarning: String?
        let remotes = try await git(["remote"]).stdout.split(whereSeparator: \.isNewline)
        if !remotes.isEmpty {
            let fetch = await runner.run(argv(["fetch", "--quiet"]), timeout: timeout, workingDirectory: nil)
            if !fetch.succeeded {
                let why = fetch.timedOut ? "timed out" : firstLine(fetch.stderr) ?? fetch.launchError ?? "failed"
                fetchWarning = "git fetch in \(path) failed (\(why)); searched the local branch only"
            }
        }
        let ref = branch ?? "HEAD"
        guard !ref.hasPrefix("-") else { throw PortError(.failed, "branch \(ref) is not a branch name") }
        var refs = [ref]
        let upstream = await runner.run(argv(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "\(ref)@{upstream}"]),
                                        timeout: timeout, workingDirectory: nil)
        if upstream.succeeded, let name = firstLine(upstream.stdout) { refs.append(name) }
        let log = try await git(["log", "--format=%H", "--fixed-strings", "--grep", "This reverts commit \(sha.rawValue)"] + refs + ["--"])
        return RevertSearch(revert: firstLine(log.stdout).map { Revision($0) }, reverted: sha, fetchWarning: fetchWarning)
    }

    /// `git rev-parse --verify REV^{commit}`: the full SHA, or an error naming the unknown revision.
    public func fullSHA(of revision: Revision) async throws -> Revision {
        let name = revision.rawValue
        guard !name.isEmpty, !name.hasPrefix("-"), !name.contains("..") else {
            throw PortError(.failed, "'\(name)' is not a git revision")
        }
        let result = await runner.run(argv(["rev-parse", "--verify", "--quiet", "\(name)^{commit}"]),
                                      timeout: timeout, workingDirectory: nil)
        if result.exitCode == 1, result.stderr.isEmpty {
            throw PortError(.failed, "unknown revision \(name) in \(path) — run git fetch there, or check the SHA")
        }
        let checked = try check(result)
        guard let sha = firstLine(checked.stdout) else {
            throw PortError(.malformed, "git rev-parse \(name) printed nothing in \(path)")
        }
        return Revision(sha)
    }

    // MARK: running git

    private func argv(_ arguments: [String]) -> [String] { ["git", "-C", path] + arguments }

    private func git(_ arguments: [String]) async throws -> CommandResult {
        try check(await runner.run(argv(arguments), timeout: timeout, workingDirectory: nil))
    }

    /// Turns a failed git run into a PortError a person can act on.
    private func check(_ result: CommandResult) throws -> CommandResult {
        if result.succeeded { return result }
        if let launchError = result.launchError {
            throw PortError(.missingBinary, launchError.hasPrefix("git not found") ? launchError : "git could not run: \(launchError)")
        }
        if result.timedOut {
            throw PortError(.timeout, "\(result.commandLine) did not answer within \(timeout)")
        }
        let stderr = result.stderr
        if stderr.contains("cannot change to") {
            throw PortError(.failed, "config repo \(path) does not exist — pass the path of your config repo checkout")
        }
        if stderr.contains("not a git repository") {
            throw PortError(.failed, "\(path) is not a git repository — pass the path of your config repo checkout")
        }
        if stderr.contains("dubious ownership") {
            throw PortError(.failed, "git refuses \(path): it belongs to another user — run git config --global --add safe.directory \(path)")
        }
        if stderr.contains("unknown revision") || stderr.contains("bad revision") || stderr.contains("Needed a single revision") {
            throw PortError(.failed, "unknown revision in \(path): \(firstLine(stderr) ?? stderr) — run git fetch there, or check the SHA")
        }
        let why = firstLine(stderr) ?? "exit code \(result.exitCode.map(String.init) ?? "none")"
        throw PortError(.failed, "\(result.commandLine) failed: \(why)")
    }

    private func firstLine(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }
}
