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
