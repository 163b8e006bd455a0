import Foundation
import RunbookEngine

/// Argo CD through the `argocd` CLI the engineer is already logged in with. The environment is passed
/// on untouched: `ARGOCD_SERVER`, `ARGOCD_AUTH_TOKEN` and `ARGOCD_OPTS` are the CLI's own business.
public struct ArgoCDCLI: ArgoCDPort {
    /// `argocd` (looked up on PATH) or the path `--argocd` gave.
    public let executable: String
    public let runner: any CommandRunner
    /// How long one CLI call may run before it is killed.
    public let timeout: Duration
    /// `argocd app wait … --timeout N` after a rollback.
    public let waitSeconds: Int
    /// Mutating commands are shown and journaled as not run, never executed.
    public let dryRun: Bool
    /// The pinned context: every command names it (`argocd --argocd-context NAME …`); nil: argocd's current one.
    public let context: String?

    public init(executable: String = "argocd", runner: any CommandRunner = ProcessRunner(),
                timeout: Duration = .seconds(60), waitSeconds: Int = 120, dryRun: Bool = false, context: String? = nil) {
        self.executable = executable; self.runner = runner; self.timeout = timeout
        self.waitSeconds = waitSeconds; self.dryRun = dryRun; self.context = context
    }

    /// The global flag that pins the context, first, as the gates show it.
    var contextFlag: [String] { context.map { ["--argocd-context", $0] } ?? [] }

    /// What a dry run says instead of running a command (the reducer shows it as the step's failure:
    /// a step that did not run must not look done).
    public static let dryRunNote = "dry run — not executed"

    public func application(_ name: String) async throws -> Application {
        if let problem = KubernetesName.subdomainProblem(name) {
            throw PortError(.failed, "app name '\(name)' \(problem)")
        }
        let argv = [executable] + contextFlag + ["app", "get", name, "-o", "json"]
        let result = await runner.run(argv, timeout: timeout, workingDirectory: nil)
        let command = "argocd app get \(name) -o json"
        try Self.check(result, command: command)
        return try ApplicationJSON.decode(result.stdout, command: command, app: name)
    }

    /// `argocd app diff APP --revision REV`: exit 1 is the answer "they differ", not a failure.
    /// A multi-source entry: `--revisions R --source-positions N` for every source (counted from 1), so
    /// the whole app is compared with what the rollback to that entry deploys.
    public func diff(_ app: String, revision: Revision, sources: [HistorySource]) async throws -> RollbackDiff {
        if let problem = KubernetesName.subdomainProblem(app) {
            throw PortError(.failed, "app name '\(app)' \(problem)")
        }
        let arguments = try Self.diffArguments(app, revision: revision, sources: sources)
        let command = (["argocd"] + arguments).joined(separator: " ")
        let result = await runner.run([executable] + contextFlag + arguments, timeout: timeout, workingDirectory: nil)
        switch (result.launchError, result.timedOut, result.exitCode) {
        case (nil, false, 0): return RollbackDiff(revision: revision, text: "")
        case (nil, false, 1):
            let diff = RollbackDiff(revision: revision, text: result.stdout)
            // Exit 1 with nothing a diff prints is not a diff: say so rather than show "0 resources".
            guard !diff.resources.isEmpty else {
                throw PortError(.malformed, "\(command) exited 1 (differences) but printed no resource: \(Format.firstLine(result.stderr.isEmpty ? result.stdout : result.stderr))")
            }
            return diff
        default:
            try Self.check(result, command: command)
            throw PortError(.failed, "\(command) failed: exit code \(result.exitCode.map(String.init) ?? "none")")
        }
    }

    /// `argocd account can-i sync applications PROJECT/APP`: exit 0 with `yes` or `no` on stdout.
    public func canSync(_ app: String, project: String) async throws -> SyncPermission {
        try Self.checkNames(app: app, project: project)
        let arguments = ["account", "can-i", "sync", "applications", "\(project)/\(app)"]
        let command = (["argocd"] + arguments).joined(separator: " ")
        let result = await runner.run([executable] + contextFlag + arguments, timeout: timeout, workingDirectory: nil)
        try Self.check(result, command: command)
        switch result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "yes": return SyncPermission(project: project, app: app, allowed: true)
        case "no": return SyncPermission(project: project, app: app, allowed: false)
        case let said:
            throw PortError(.malformed, "\(command) printed neither yes nor no: \(TerminalSafe.text(String(said.prefix(80)), keepLines: false))")
        }
    }

    /// `argocd app get APP` (text: its `SyncWindow:` line) and, when that says Sync Denied,
    /// `argocd proj windows list PROJECT`: the active deny windows matched to the app's name and destination.
    public func syncWindows(_ app: String, project: String) async throws -> SyncWindowReading {
        try Self.checkNames(app: app, project: project)
        let get = ["app", "get", app]
        let getCommand = (["argocd"] + get).joined(separator: " ")
        let summaryResult = await runner.run([executable] + contextFlag + get, timeout: timeout, workingDirectory: nil)
        try Self.check(summaryResult, command: getCommand)
        let summary = try SyncWindowText.summary(summaryResult.stdout, command: getCommand)
        guard summary.state == .syncDenied else { return SyncWindowReading(project: project, state: summary.state) }
        let list = ["proj", "windows", "list", project]
        let listCommand = (["argocd"] + list).joined(separator: " ")
        let listResult = await runner.run([executable] + contextFlag + list, timeout: timeout, workingDirectory: nil)
        try Self.check(listResult, command: listCommand)
        let windows = try SyncWindowText.windows(listResult.stdout, command: listCommand)
        let target = SyncWindowTarget(app: app, namespace: summary.namespace, server: summary.server)
        let denying = SyncWindowReading.denying(windows, for: target)
        return SyncWindowReading(project: project, state: .syncDenied, denying: denying.windows, matched: denying.matched)
    }

    /// An app or project name that is not one would reach the command line as something else (`-x`: a flag).
    static func checkNames(app: String, project: String) throws {
        if let problem = KubernetesName.subdomainProblem(app) { throw PortError(.failed, "app name '\(app)' \(problem)") }
        if let problem = KubernetesName.subdomainProblem(project) { throw PortError(.failed, "project name '\(project)' \(problem)") }
    }

    /// `app diff …` as `RollbackDiff.argv` builds it, without the executable. A revision that starts with '-' would be read as a flag: refused.
    static func diffArguments(_ app: String, revision: Revision, sources: [HistorySource]) throws -> [String] {
        for value in [revision] + sources.map(\.revision) where value.rawValue.isEmpty || value.rawValue.hasPrefix("-") {
            throw PortError(.malformed, "revision '\(value.rawValue)' is not a revision argocd app diff can be given")
        }
        return Array(RollbackDiff.argv(app: app, revision: revision, sources: sources).dropFirst())
    }

    public func run(_ command: GateCommand) async -> CommandResult {
        guard command.argv.first == "argocd", command.argv.count >= 3 else {
            return CommandResult(argv: command.argv, exitCode: nil, stdout: "", stderr: "",
                                 launchError: "not an argocd command: \(command.commandLine)")
        }
        // The gate showed the context it goes to: one that is not this console's pinned one never runs.
        let plain = Self.withoutContext(command.argv)
        guard Array(command.argv.dropFirst().prefix(contextFlag.count)) == contextFlag, plain.count == command.argv.count - contextFlag.count else {
            return CommandResult(argv: command.argv, exitCode: nil, stdout: "", stderr: "",
                                 launchError: "refused: \(command.commandLine) does not name this console's argocd context (\(context ?? "the current one"))")
        }
        if dryRun {
            return CommandResult(argv: command.argv, exitCode: nil, stdout: "", stderr: "",
                                 launchError: "\(Self.dryRunNote): \(command.commandLine)")
        }
        var result = await runner.run([executable] + command.argv.dropFirst(), timeout: timeout, workingDirectory: nil)
        // The journal and the audit speak of the command the gate showed.
        result.argv = command.argv
        if !result.succeeded, result.launchError == nil, let refusal = ArgoCDRefusal.parse(result.stderr) {
            // The server's words first: the step's failure line shows the first line of stderr.
            result.stderr = refusal.message + "\n" + result.stderr
        }
        if command.step == .rollback, result.succeeded, plain.count >= 4 {
            await waitForRollback(app: plain[3], into: &result)
        }
        return result
    }

    /// `argocd app wait APP --health --operation`: not `--sync`, since a rolled-back app is OutOfSync
    /// against HEAD by design. Its outcome is only reported: the step is judged by the operation state.
    private func waitForRollback(app: String, into result: inout CommandResult) async {
        let argv = [executable] + contextFlag + ["app", "wait", app, "--health", "--operation", "--timeout", String(waitSeconds)]
        let wait = await runner.run(argv, timeout: .seconds(waitSeconds + 15), workingDirectory: nil)
        var lines = ["$ argocd app wait \(app) --health --operation --timeout \(waitSeconds)"]
        if !wait.stdout.isEmpty { lines.append(wait.stdout.trimmingCharacters(in: .newlines)) }
        if !wait.succeeded {
            let why = wait.launchError ?? ArgoCDRefusal.parse(wait.stderr)?.message
                ?? (wait.timedOut ? "did not finish within \(waitSeconds + 15) s" : wait.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
            lines.append("app wait did not confirm health: \(why) — the operation state decides")
        }
        result.stdout += (result.stdout.isEmpty || result.stdout.hasSuffix("\n") ? "" : "\n") + lines.joined(separator: "\n") + "\n"
        result.seconds += wait.seconds
    }

    /// `argocd …` without a leading `--argocd-context NAME`.
    static func withoutContext(_ argv: [String]) -> [String] {
        argv.count >= 3 && argv[1] == "--argocd-context" ? [argv[0]] + argv.dropFirst(3) : argv
    }

    /// A failed read as a PortError the person at the keyboard can act on.
    static func check(_ result: CommandResult, command: String) throws {
        if result.succeeded { return }
        if let launchError = result.launchError { throw PortError(.missingBinary, launchError) }
        if result.timedOut { throw PortError(.timeout, "\(command) did not answer within its timeout and was killed") }
        if let refusal = ArgoCDRefusal.parse(result.stderr) {
            throw PortError(.failed, "\(command): \(refusal.message)")
        }
        let said = result.stderr.split(whereSeparator: \.isNewline).first.map(String.init)
            ?? "exit code \(result.exitCode.map(String.init) ?? "none")"
        throw PortError(.failed, "\(command) failed: \(said)")
    }
}
