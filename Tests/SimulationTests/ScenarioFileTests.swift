import Foundation
import RunbookEngine
import Simulation
import Testing

/// A scenario file that cannot be used says which file, line and key.
@Suite struct ScenarioFileTests {
    static let minimal = """
        name: tiny
        description: one line
        intended: no-rollback
        app: bookstore-tiny
        deployment: tiny
        start: 2026-05-01T10:00:00Z
        alert: {name: TinyAlert, firesAfterDeploy: 3m}
        releases:
          - id: 1
            revision: abcdef0
            deployedAt: -1h
            digest: sha256:\(String(repeating: "a", count: 64))
            message: first
        """

    @Test func aMinimalFileFillsTheDefaults() throws {
        let drill = try ScenarioFile.load(yaml: Self.minimal, file: "tiny.yaml")
        #expect(drill.scenario.selector == "app=tiny")
        #expect(drill.scenario.autoSync == nil)
        #expect(drill.scenario.releases.first?.deployedAt == .seconds(-3600))
        #expect(drill.intended == .noRollback)
        #expect(drill.lesson == nil, "a lesson is optional")
    }

    @Test func aLessonIsReadForTheDebriefOnly() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "intended: no-rollback", with: "intended: no-rollback\nlesson: \"Not this deploy.\"")
        let drill = try ScenarioFile.load(yaml: yaml, file: "tiny.yaml")
        #expect(drill.lesson == "Not this deploy.")
        #expect(!drill.description.contains("Not this deploy."))
    }

    @Test(arguments: [
        ("intended: no-rollback", "intended: maybe", 3, "intended"),
        ("    digest: sha256:\(String(repeating: "a", count: 64))", "    digest: sha256:abc", 12, "releases[0].digest"),
        ("    deployedAt: -1h", "    deployedAt: yesterday", 11, "releases[0].deployedAt"),
        ("deployment: tiny", "deployment: tiny\ncolour: blue", 6, "colour"),
        ("deployment: tiny", "deployment: tiny\ncanary: {steps: [20, wait]}", 6, "canary.steps[1]"),
        ("deployment: tiny", "deployment: tiny\ncanary: {steps: [20, pause], pausedAt: 2}", 6, "canary.pausedAt"),
        ("deployment: tiny", "deployment: tiny\ncanary: {steps: [20], analysis: {metric: p99, successCondition: x, phase: Failed}}", 6, "canary.analysis.phase"),
        ("intended: no-rollback", "intended: abort", 3, "canary"),
    ])
    func errorsNameTheLineAndKey(_ original: String, _ replacement: String, _ line: Int, _ key: String) {
        let yaml = Self.minimal.replacingOccurrences(of: original, with: replacement)
        #expect {
            _ = try ScenarioFile.load(yaml: yaml, file: "tiny.yaml")
        } throws: { error in
            guard let error = error as? ScenarioFileError else { return false }
            return error.file == "tiny.yaml" && error.line == line && error.key == key
        }
    }

    /// Issue 14: a drill's app can be an Argo Rollout; its canary is read with the field names of `spec.strategy.canary`.
    @Test func aCanaryBlockMakesTheAppARollout() throws {
        let block = "deployment: tiny\ncanary:\n  steps: [20, pause, 60]\n  pausedAt: 1\n"
            + "  analysis: {metric: p99, successCondition: \"result[0] < 0.5\", phase: Running}"
        let yaml = Self.minimal.replacingOccurrences(of: "deployment: tiny", with: block)
        let canary = try #require(try ScenarioFile.load(yaml: yaml, file: "tiny.yaml").scenario.canary)
        #expect(canary.steps == [20, nil, 60] && canary.pausedAt == 1 && canary.weight(at: 1) == 20)
        #expect(canary.analysis == Scenario.Canary.Analysis(metric: "p99", successCondition: "result[0] < 0.5", phase: "Running"))
        #expect(canary.canaryPods(at: 1, replicas: 3) == 1 && canary.canaryPods(at: 2, replicas: 3) == 2 && canary.canaryPods(at: 3, replicas: 3) == 3)
        #expect(try ScenarioFile.load(yaml: Self.minimal, file: "tiny.yaml").scenario.canary == nil, "no canary: a Deployment")
    }

    @Test func aUserScenarioIsListedAfterTheShippedOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenarios-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.minimal.write(toFile: directory + "/tiny.yaml", atomically: true, encoding: .utf8)
        try "name: [".write(toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8)
        let catalog = ScenarioCatalog.load(userDirectory: directory)
        #expect(catalog.scenarios.last?.name == "tiny")
        #expect(catalog.scenarios.count == ScenarioCatalog.builtIn().scenarios.count + 1)
        #expect(catalog.problems.map(\.file) == [directory + "/broken.yaml"])
    }
}
