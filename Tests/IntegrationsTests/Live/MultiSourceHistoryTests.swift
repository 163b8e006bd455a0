import Foundation
import Integrations
import RunbookEngine
import Testing

/// A multi-source Application (`spec.sources[]`): its history entries carry `revisions[]` and `sources[]`
/// with `revision` and `source` empty (`Tests/Fixtures/argocd/app-get-multi-source.json`).
@Suite struct MultiSourceHistoryTests {
    static let gitGood = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0"
    static let gitBad = "d8f3c2a9e1b7c4d5f6a7b8c9d0e1f2a3b4c5d6e7"

    func cli(_ standIns: StandIns) -> ArgoCDCLI {
        ArgoCDCLI(executable: standIns.argocd, runner: ProcessRunner(killGrace: .milliseconds(200)), timeout: .seconds(10))
    }

    static func fixture() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/argocd/app-get-multi-source.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func eachEntryKeepsItsSourcesWithTheirRevisionsAndTheGitCommitAsItsRevision() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try Self.json(Self.fixture()))
        let app = try await cli(standIns).application("bookstore-catalog-us-east")
        #expect(app.history.map(\.id.rawValue) == [40, 41, 42])
        // The empty `revision` is not taken for one: the git source's commit is, never the chart's version.
        #expect(app.history.map(\.revision.rawValue) == ["0badc0de0badc0de0badc0de0badc0de0badc0d", Self.gitGood, Self.gitBad])
        let target = try #require(app.history.first { $0.id == HistoryID(41) })
        #expect(target.sources == [
            HistorySource(repoURL: "https://github.com/acme/bookstore-platform.git", path: "apps/catalog", revision: Revision(Self.gitGood)),
            HistorySource(repoURL: "https://charts.example.com/stable", chart: "catalog", revision: Revision("1.4.1")),
        ])
        #expect(target.sources?.map(\.label) == ["github.com/acme/bookstore-platform.git apps/catalog", "charts.example.com/stable catalog (chart)"])
    }

    /// 3a's pin reads what the app tracks: each source's `targetRevision` (Argo CD's own fixtures), "" where unset.
    @Test func targetRevisionsAreReadPerSourceAndUnsetIsEmpty() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try Self.json(Self.fixture()))
        #expect(try await cli(standIns).application("bookstore-catalog-us-east").targetRevisions == ["main", "1.4.*"])
        try standIns.write("app.json", try AppFixture.diffCache().json)
        #expect(try await cli(standIns).application("velero-test").targetRevisions == ["test-lla"])
        var object = try Self.fixture()
        var spec = object["spec"] as? [String: Any] ?? [:]
        spec["sources"] = nil
        spec["source"] = ["repoURL": "https://github.com/acme/bookstore-platform.git", "path": "apps/catalog"]
        object["spec"] = spec
        try standIns.write("app.json", try Self.json(object))
        #expect(try await cli(standIns).application("bookstore-catalog-us-east").targetRevisions == [""])
        spec["source"] = nil
        object["spec"] = spec
        try standIns.write("app.json", try Self.json(object))
        #expect(try await cli(standIns).application("bookstore-catalog-us-east").targetRevisions == nil, "no source read: no pin offered")
    }

    @Test func aSingleSourceEntryHasNoSources() async throws {
        let standIns = try StandIns()
        try standIns.write("app.json", try AppFixture.diffCache().json)
        let app = try await cli(standIns).application("velero-test")
        #expect(!app.history.isEmpty)
        #expect(app.history.allSatisfy { $0.sources == nil })
    }

    @Test(arguments: [
        (["a1b2c3d"], "1 revisions for 2 sources"),
        (["a1b2c3d", ""], "2 revisions for 2 sources"),
    ])
    func revisionsThatDoNotPairWithTheSourcesAreRefused(revisions: [String], message: String) async throws {
        var object = try Self.fixture()
        var status = object["status"] as? [String: Any] ?? [:]
        var history = status["history"] as? [[String: Any]] ?? []
        history[1]["revisions"] = revisions
        status["history"] = history
        object["status"] = status
        let standIns = try StandIns()
        try standIns.write("app.json", try Self.json(object))
        await #expect {
            _ = try await cli(standIns).application("bookstore-catalog-us-east")
        } throws: { error in
            (error as? PortError)?.kind == .malformed && (error as? PortError)?.message.contains("history 41 has \(message)") == true
        }
    }

    @Test func theDiffComparesEverySourceAtItsOwnRevisionByPosition() async throws {
        let standIns = try StandIns()
        let sources = [HistorySource(repoURL: "https://github.com/acme/bookstore-platform.git", path: "apps/catalog", revision: Revision(Self.gitGood)),
                       HistorySource(repoURL: "https://charts.example.com/stable", chart: "catalog", revision: Revision("1.4.1"))]
        let diff = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(Self.gitGood), sources: sources)
        #expect(standIns.log("argocd") == ["app diff bookstore-catalog-us-east --revisions \(Self.gitGood) --source-positions 1 --revisions 1.4.1 --source-positions 2"])
        #expect(diff.revision == Revision(Self.gitGood))
        #expect(diff.resources == ["apps/Deployment bookstore/catalog"])
    }

    @Test func aSourceRevisionThatLooksLikeAFlagNeverReachesTheCLI() async throws {
        let standIns = try StandIns()
        let sources = [HistorySource(repoURL: "https://charts.example.com/stable", chart: "catalog", revision: Revision("--local=/etc"))]
        await #expect(throws: PortError.self) {
            _ = try await cli(standIns).diff("bookstore-catalog-us-east", revision: Revision(Self.gitGood), sources: sources)
        }
        #expect(standIns.log("argocd").isEmpty)
    }
}
