import Foundation
import Integrations
import RunbookEngine

/// The scenario's config repo, written as a real git repository: one commit per release,
/// tagged with the release's short SHA, with fixed identities and dates so every run
/// produces the same commits. Later commits (a teammate's revert) are written the same way.
struct ScenarioRepository: Sendable {
    let path: String
    let scenario: Scenario
    static let ci = (name: "Bookstore Platform CI", email: "ci@acme-books.example")

    /// Creates `parent/<configRepoName>` and commits every release into it.
    static func create(_ scenario: Scenario, in parent: String) async throws -> ScenarioRepository {
        let repository = ScenarioRepository(path: (parent as NSString).appendingPathComponent(scenario.configRepoName),
                                            scenario: scenario)
        try FileManager.default.createDirectory(atPath: repository.path, withIntermediateDirectories: true)
        try await repository.git(["init", "-q", "-b", "main"], at: scenario.start, author: ci)
        for (index, release) in scenario.releases.enumerated() {
            // A history entry that re-synced an earlier revision is not a new commit.
            guard !scenario.releases[..<index].contains(where: { $0.revision == release.revision }) else { continue }
            try await repository.commit(release, first: index == 0)
        }
        return repository
    }

    /// `git revert` of a release, committed at `date`; returns the revert commit's full SHA.
    func revert(_ revision: Revision, at date: Date, author: (name: String, email: String)) async throws -> Revision {
        let target = try await git(["rev-parse", "--verify", "\(revision.rawValue)^{commit}"], at: date, author: author)
        try await git(["revert", "--no-edit", target], at: date, author: author)
        return Revision(try await git(["rev-parse", "HEAD"], at: date, author: author))
    }

    private func commit(_ release: Scenario.Release, first: Bool) async throws {
        var files = [scenario.appDirectory + "/values.yaml": values(digest: release.digest) + release.values]
        for (name, content) in release.files { files[scenario.appDirectory + "/" + name] = content }
        if first {
            files[scenario.appDirectory + "/Chart.yaml"] = chart
            files[scenario.appDirectory + "/templates/migrations-configmap.yaml"] = migrationsConfigMap
        }
        for (name, sql) in release.migrations {
            files[scenario.appDirectory + "/migrations/" + name] = sql
        }
        for (name, content) in files.sorted(by: { $0.key < $1.key }) {
            let url = URL(fileURLWithPath: path).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        // Committed ten minutes before Argo CD synced it, as CI would have.
        let date = scenario.date(release.deployedAt - .seconds(600))
        try await git(["add", "--"] + files.keys.sorted(), at: date, author: Self.ci)
        try await git(["commit", "-q", "-m", release.message], at: date, author: Self.ci)
        try await git(["tag", release.revision.rawValue], at: date, author: Self.ci)
    }

    @discardableResult
    private func git(_ arguments: [String], at date: Date, author: (name: String, email: String)) async throws -> String {
        let stamp = "@\(Int(date.timeIntervalSince1970)) +0000"
        let runner = ProcessRunner(environment: [
            "GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email, "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email, "GIT_COMMITTER_DATE": stamp,
            // The user's own git config (signing, hooks, templates) must not change the simulated repo.
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
        ])
        let result = await runner.run(["git", "-C", path] + arguments, timeout: .seconds(30), workingDirectory: nil)
        if let launchError = result.launchError {
            throw PortError(.missingBinary, "\(launchError) — the simulated config repo is a real git repository")
        }
        guard result.succeeded else {
            throw PortError(.failed, "simulated config repo: \(result.commandLine) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func values(digest: String) -> String {
        """
        # \(scenario.deployment): Helm values. CI bumps image.digest here; Argo CD syncs it.
        replicaCount: \(scenario.replicas)
        image:
          repository: \(scenario.imageRepository)
          digest: \(digest)
        service:
          port: 8080

        """
    }

    private var chart: String {
        """
        apiVersion: v2
        name: \(scenario.deployment)
        version: 1.0.0

        """
    }

    // Migrations ship inside the release, so any migration change is a manifest change.
    private var migrationsConfigMap: String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-migrations
        data:
        {{ (.Files.Glob "migrations/*.sql").AsConfig | indent 2 }}

        """
    }
}
