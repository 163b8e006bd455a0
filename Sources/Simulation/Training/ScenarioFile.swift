import Foundation
import RunbookEngine
import Yams
import YAMLFile

/// Reads a drill from YAML through Yams' node tree, so every error names the file, line and key.
/// The format is documented by the shipped files in Scenarios/.
public enum ScenarioFile {
    static let topKeys = ["name", "description", "lesson", "intended", "target", "app", "namespace", "deployment", "selector",
                          "image", "configRepo", "appDirectory", "start", "replicas", "autoSync", "alert", "latency", "errors",
                          "rollout", "canary", "parent", "releases", "events", "hints", "project", "canSync", "syncWindows"]
    static let releaseKeys = ["id", "revision", "deployedAt", "digest", "message", "migrations", "regressed", "values", "files"]

    public static func load(contentsOfFile path: String) throws -> TrainingScenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioFileError(file: path, line: 0, key: "", message: "cannot read the file")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: path, source: path)
    }

    public static func load(yaml: String, file: String, source: String = "built-in") throws -> TrainingScenario {
        let r = YAMLReader(file: file)
        guard let root = try r.compose(yaml) else { throw ScenarioFileError(file: file, line: 0, key: "", message: "the file is empty") }
        let top = try r.mapping(root, key: "", allowed: topKeys)
        let name = try r.string(top.required("name", r), key: "name")
        guard name.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw r.error(top["name"]!, key: "name", "use lowercase letters, digits and dashes (it is typed after `train`)")
        }
        let intendedText = try r.string(top.required("intended", r), key: "intended")
        guard let intended = TrainingScenario.Intended(rawValue: intendedText) else {
            throw r.error(top["intended"]!, key: "intended",
                          "expected one of \(TrainingScenario.Intended.allCases.map(\.rawValue).joined(separator: ", ")), got '\(intendedText)'")
        }
        let app = try r.string(top.required("app", r), key: "app")
        let deployment = try r.string(top.required("deployment", r), key: "deployment")
        let startNode = try top.required("start", r)
        let startText = try r.string(startNode, key: "start")
        guard let start = ISO8601DateFormatter().date(from: startText) else {
            throw r.error(startNode, key: "start", "expected a UTC time like 2026-05-01T10:00:00Z, got '\(startText)'")
        }

        var releases: [Scenario.Release] = []
        let releasesNode = try top.required("releases", r)
        guard let sequence = releasesNode.sequence, !sequence.isEmpty else {
            throw r.error(releasesNode, key: "releases", "expected a list of at least one release, oldest first")
        }
        for (index, node) in sequence.enumerated() {
            let release = try r.release(node, key: "releases[\(index)]")
            if let previous = releases.last {
                guard release.historyID > previous.historyID else {
                    throw r.error(node, key: "releases[\(index)].id", "history IDs must grow, oldest first (\(release.historyID) after \(previous.historyID))")
                }
                guard release.deployedAt > previous.deployedAt else {
                    throw r.error(node, key: "releases[\(index)].deployedAt", "deploys must be in time order, oldest first")
                }
            }
            releases.append(release)
        }
        var target: HistoryID?
        if let node = top["target"] {
            let id = HistoryID(try r.int(node, key: "target"))
            guard releases.dropLast().contains(where: { $0.historyID == id }) else {
                throw r.error(node, key: "target", "history \(id) is not a release before the current one")
            }
            target = id
        }
        if intended == .rollback, target == nil {
            throw r.error(top["intended"]!, key: "target", "a rollback drill names its target history ID")
        }

        var hints: [StepID: String] = [:]
        if let node = top["hints"] {
            for (step, value) in try r.mapping(node, key: "hints", allowed: StepID.allCases.map(\.rawValue)).pairs {
                hints[StepID(rawValue: step)!] = try r.string(value, key: "hints.\(step)")
            }
        }
        let replicas = try top["replicas"].map { try r.int($0, key: "replicas", minimum: 1) } ?? 3
        let canary = try top["canary"].map { try r.canary($0, key: "canary") }
        if intended == .abort, canary?.pausedAt == nil {
            throw r.error(top["intended"]!, key: "canary", "an abort drill runs a canary paused on a step (canary.pausedAt)")
        }
        let appDirectory = try top["appDirectory"].map { try r.string($0, key: "appDirectory") }
            ?? "examples/bookstore-platform/app/\(deployment)"
        var scenario = Scenario(
            name: name, app: app,
            namespace: try top["namespace"].map { try r.string($0, key: "namespace") } ?? "bookstore-platform-acme-books",
            deployment: deployment,
            selector: try top["selector"].map { try r.string($0, key: "selector") } ?? "app=\(deployment)",
            imageRepository: try top["image"].map { try r.string($0, key: "image") } ?? "ghcr.io/acme/\(deployment)",
            configRepoName: try top["configRepo"].map { try r.string($0, key: "configRepo") } ?? "bookstore-platform-config",
            appDirectory: appDirectory, start: start, releases: releases,
            autoSync: try top["autoSync"].map { try r.autoSync($0, key: "autoSync") } ?? nil,
            replicas: replicas,
            alert: try r.alert(try top.required("alert", r), key: "alert"),
            latency: try r.errors(top["errors"], key: "errors",
                                  into: try top["latency"].map { try r.latency($0, key: "latency") } ?? Scenario.runbookIncident.latency),
            rollout: try top["rollout"].map { try r.rollout($0, key: "rollout") } ?? Scenario.runbookIncident.rollout,
            events: try top["events"].map { try r.events($0, key: "events") } ?? [], canary: canary,
            parent: try top["parent"].map { try r.parent($0, key: "parent") })
        if let node = top["project"] {
            scenario.project = try r.string(node, key: "project")
            guard scenario.project.range(of: "^[a-z0-9][a-z0-9.-]*$", options: .regularExpression) != nil else {
                throw r.error(node, key: "project", "an AppProject name: lowercase letters, digits, '-' and '.'")
            }
        }
        scenario.canSync = try top["canSync"].map { try r.bool($0, key: "canSync") } ?? true
        scenario.syncWindows = try top["syncWindows"].map { try r.syncWindows($0, key: "syncWindows") } ?? []
        let description = try r.string(try top.required("description", r), key: "description")
        let lesson = try top["lesson"].map { try r.string($0, key: "lesson") }
        return TrainingScenario(scenario: scenario, description: description, lesson: lesson, intended: intended, target: target,
                                hints: hints, source: source)
    }
}
