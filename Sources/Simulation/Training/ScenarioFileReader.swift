import Foundation
import RunbookEngine
import Yams
import YAMLFile

/// A drill's own values, on top of the shared YAML checks.
extension YAMLReader {
    func int(_ node: Node, key: String, minimum: Int = 0) throws -> Int {
        guard let value = node.int, value >= minimum else {
            throw error(node, key: key, "expected a whole number of at least \(minimum), got '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }

    func double(_ node: Node, key: String) throws -> Double {
        guard let value = node.float ?? node.int.map(Double.init), value >= 0 else {
            throw error(node, key: key, "expected a number of seconds, got '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }

    /// `90s`, `4m`, `-3h8m`, `2d`: a signed duration of whole seconds.
    func duration(_ node: Node, key: String) throws -> Duration {
        let text = try string(node, key: key)
        guard let seconds = Self.seconds(text) else {
            throw error(node, key: key, "expected a duration like 90s, 4m, -3h8m or 2d, got '\(text)'")
        }
        return .seconds(seconds)
    }

    static func seconds(_ text: String) -> Int? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = rest.hasPrefix("-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var total = 0, number = ""
        for character in rest {
            if character.isASCII, character.isNumber { number.append(character); continue }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: return nil
            }
            guard let value = Int(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty else { return nil }
        return negative ? -total : total
    }

    /// `parent: {kind: Application, name: bookstore-apps}`: who manages the Application's manifest, as
    /// Argo CD would show it (a parent's tracking-id annotation, an ApplicationSet's ownerReference).
    func parent(_ node: Node, key: String) throws -> AppParent {
        let entries = try mapping(node, key: key, allowed: ["kind", "name"])
        let kindNode = try entries.required("kind", self, path: key)
        let kindText = try string(kindNode, key: "\(key).kind")
        guard let kind = AppParent.Kind(rawValue: kindText) else {
            throw error(kindNode, key: "\(key).kind", "expected Application or ApplicationSet, got '\(kindText)'")
        }
        let nameNode = try entries.required("name", self, path: key)
        let name = try string(nameNode, key: "\(key).name")
        guard name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil else {
            throw error(nameNode, key: "\(key).name", "expected a Kubernetes name (lowercase letters, digits and dashes)")
        }
        return AppParent(kind: kind, name: name,
                         seenIn: kind == .application ? "the argocd.argoproj.io/tracking-id annotation" : "ownerReferences")
    }

    func release(_ node: Node, key: String) throws -> Scenario.Release {
        let entries = try mapping(node, key: key, allowed: ScenarioFile.releaseKeys)
        let digestNode = try entries.required("digest", self, path: key)
        let digest = try string(digestNode, key: "\(key).digest")
        guard digest.range(of: "^sha256:[0-9a-f]{64}$", options: .regularExpression) != nil else {
            throw error(digestNode, key: "\(key).digest", "expected sha256: and 64 lowercase hex digits")
        }
        let revisionNode = try entries.required("revision", self, path: key)
        let revision = try string(revisionNode, key: "\(key).revision")
        guard revision.range(of: "^[0-9a-f]{7,40}$", options: .regularExpression) != nil else {
            throw error(revisionNode, key: "\(key).revision", "expected a short git SHA (7 to 40 lowercase hex digits)")
        }
        var migrations: [String: String] = [:]
        if let node = entries["migrations"] {
            guard let map = node.mapping else { throw error(node, key: "\(key).migrations", "expected file name: SQL") }
            for (name, sql) in map {
                let file = name.scalar?.string ?? ""
                guard file.hasSuffix(".sql"), !file.contains("/") else {
                    throw error(name, key: "\(key).migrations.\(file)", "a migration is a .sql file name under migrations/")
                }
                migrations[file] = try string(sql, key: "\(key).migrations.\(file)")
            }
        }
        var files: [String: String] = [:]
        if let node = entries["files"] {
            guard let map = node.mapping else { throw error(node, key: "\(key).files", "expected path: content") }
            for (name, content) in map {
                let path = name.scalar?.string ?? ""
                guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    throw error(name, key: "\(key).files.\(path)", "a path inside the app's directory")
                }
                files[path] = try string(content, key: "\(key).files.\(path)")
            }
        }
        return Scenario.Release(
            historyID: HistoryID(try int(try entries.required("id", self, path: key), key: "\(key).id", minimum: 1)),
            revision: Revision(revision),
            deployedAt: try duration(try entries.required("deployedAt", self, path: key), key: "\(key).deployedAt"),
            digest: digest,
            message: try string(try entries.required("message", self, path: key), key: "\(key).message"),
            migrations: migrations,
            regressed: try entries["regressed"].map { try bool($0, key: "\(key).regressed") } ?? false,
            values: try entries["values"].map { try string($0, key: "\(key).values") } ?? "",
            files: files)
    }

    /// `off`, or `{prune: true, selfHeal: true, allowEmpty: false}`.
    func autoSync(_ node: Node, key: String) throws -> AutoSync? {
        if let text = node.scalar?.string {
            guard text == "off" else { throw error(node, key: key, "expected off or a mapping of prune, selfHeal, allowEmpty") }
            return nil
        }
        let entries = try mapping(node, key: key, allowed: ["prune", "selfHeal", "allowEmpty"])
        return AutoSync(prune: try entries["prune"].map { try bool($0, key: "\(key).prune") } ?? false,
                        selfHeal: try entries["selfHeal"].map { try bool($0, key: "\(key).selfHeal") } ?? false,
                        allowEmpty: try entries["allowEmpty"].map { try bool($0, key: "\(key).allowEmpty") } ?? false)
    }

    /// `syncWindows:` — the project's windows, in `argocd proj windows list` order (the list index is the ID).
    func syncWindows(_ node: Node, key: String) throws -> [SyncWindow] {
        guard let sequence = node.sequence else { throw error(node, key: key, "expected a list of sync windows") }
        return try sequence.enumerated().map { index, item in
            let path = "\(key)[\(index)]"
            let entries = try mapping(item, key: path, allowed: ["kind", "schedule", "duration", "applications", "namespaces", "clusters", "manualSync", "active"])
            let kind = try string(try entries.required("kind", self, path: path), key: "\(path).kind")
            guard kind == "allow" || kind == "deny" else { throw error(entries["kind"]!, key: "\(path).kind", "expected allow or deny, got '\(kind)'") }
            func list(_ name: String) throws -> [String] {
                guard let node = entries[name] else { return [] }
                guard let items = node.sequence else { throw error(node, key: "\(path).\(name)", "expected a list of names (wildcards allowed)") }
                return try items.map { try string($0, key: "\(path).\(name)") }
            }
            let window = SyncWindow(
                id: index, active: try entries["active"].map { try bool($0, key: "\(path).active") } ?? true, kind: kind,
                schedule: try string(try entries.required("schedule", self, path: path), key: "\(path).schedule"),
                duration: try string(try entries.required("duration", self, path: path), key: "\(path).duration"),
                applications: try list("applications"), namespaces: try list("namespaces"), clusters: try list("clusters"),
                manualSync: try entries["manualSync"].map { try bool($0, key: "\(path).manualSync") } ?? false)
            guard !(window.applications ?? []).isEmpty || !(window.namespaces ?? []).isEmpty || !(window.clusters ?? []).isEmpty else {
                throw error(item, key: path, "a window names one or more of applications, namespaces and clusters")
            }
            return window
        }
    }

    func alert(_ node: Node, key: String) throws -> Scenario.Alert {
        let entries = try mapping(node, key: key, allowed: ["name", "firesAfterDeploy"])
        return Scenario.Alert(
            name: try string(try entries.required("name", self, path: key), key: "\(key).name"),
            firesAfterDeploy: try duration(try entries.required("firesAfterDeploy", self, path: key), key: "\(key).firesAfterDeploy"))
    }

    func latency(_ node: Node, key: String) throws -> Scenario.Latency {
        let entries = try mapping(node, key: key, allowed: ["healthy", "regressed", "noise", "ramp", "recovery", "unrelatedSpikeAt"])
        let base = Scenario.runbookIncident.latency
        return Scenario.Latency(
            healthySeconds: try entries["healthy"].map { try double($0, key: "\(key).healthy") } ?? base.healthySeconds,
            regressedSeconds: try entries["regressed"].map { try double($0, key: "\(key).regressed") } ?? base.regressedSeconds,
            noiseSeconds: try entries["noise"].map { try double($0, key: "\(key).noise") } ?? base.noiseSeconds,
            regressionRamp: try entries["ramp"].map { try duration($0, key: "\(key).ramp") } ?? base.regressionRamp,
            recovery: try entries["recovery"].map { try duration($0, key: "\(key).recovery") } ?? base.recovery,
            unrelatedSpikeAt: try entries["unrelatedSpikeAt"].map { try duration($0, key: "\(key).unrelatedSpikeAt") })
    }

    /// `errors: {healthy: 0.002, regressed: 0.08}`: the 5xx ratio on a good and on a bad image (0 to 1).
    func errors(_ node: Node?, key: String, into latency: Scenario.Latency) throws -> Scenario.Latency {
        guard let node else { return latency }
        let entries = try mapping(node, key: key, allowed: ["healthy", "regressed"])
        func ratio(_ name: String) throws -> Double? {
            guard let value = entries[name] else { return nil }
            guard let number = value.float ?? value.int.map(Double.init), number.isFinite, (0...1).contains(number) else {
                throw error(value, key: "\(key).\(name)", "expected a ratio from 0 to 1, got '\(value.scalar?.string ?? "a collection")'")
            }
            return number
        }
        var latency = latency
        latency.healthyErrorRatio = try ratio("healthy") ?? latency.healthyErrorRatio
        latency.regressedErrorRatio = try ratio("regressed") ?? latency.regressedErrorRatio
        return latency
    }

    func rollout(_ node: Node, key: String) throws -> Scenario.Rollout {
        let entries = try mapping(node, key: key, allowed: ["progressing", "podsReplaced", "podReady", "autoSyncDelay"])
        let base = Scenario.runbookIncident.rollout
        return Scenario.Rollout(
            progressing: try entries["progressing"].map { try duration($0, key: "\(key).progressing") } ?? base.progressing,
            podsReplaced: try entries["podsReplaced"].map { try duration($0, key: "\(key).podsReplaced") } ?? base.podsReplaced,
            podReady: try entries["podReady"].map { try duration($0, key: "\(key).podReady") } ?? base.podReady,
            autoSyncDelay: try entries["autoSyncDelay"].map { try duration($0, key: "\(key).autoSyncDelay") } ?? base.autoSyncDelay)
    }

    /// `canary: {steps: [20, pause, 40, pause], pausedAt: 2, analysis: {metric: p99, successCondition: "…", phase: Running}}`.
    func canary(_ node: Node, key: String) throws -> Scenario.Canary {
        let entries = try mapping(node, key: key, allowed: ["steps", "pausedAt", "analysis"])
        let stepsNode = try entries.required("steps", self, path: key)
        guard let sequence = stepsNode.sequence, !sequence.isEmpty else {
            throw error(stepsNode, key: "\(key).steps", "expected a list of setWeight percentages and pause")
        }
        var steps: [Int?] = []
        for (index, step) in sequence.enumerated() {
            if step.scalar?.string == "pause" { steps.append(nil); continue }
            guard let weight = step.int, (1...100).contains(weight) else {
                throw error(step, key: "\(key).steps[\(index)]", "expected a setWeight of 1-100 or pause, got '\(step.scalar?.string ?? "a collection")'")
            }
            steps.append(weight)
        }
        var pausedAt: Int?
        if let node = entries["pausedAt"] {
            let step = try int(node, key: "\(key).pausedAt")
            guard step < steps.count else { throw error(node, key: "\(key).pausedAt", "the canary has steps 0-\(steps.count - 1)") }
            pausedAt = step
        }
        var analysis: Scenario.Canary.Analysis?
        if let node = entries["analysis"] {
            let fields = try mapping(node, key: "\(key).analysis", allowed: ["metric", "successCondition", "phase"])
            let phaseNode = try fields.required("phase", self, path: "\(key).analysis")
            let phase = try string(phaseNode, key: "\(key).analysis.phase")
            guard ["Running", "Successful"].contains(phase) else {
                throw error(phaseNode, key: "\(key).analysis.phase", "expected Running or Successful, got '\(phase)'")
            }
            analysis = Scenario.Canary.Analysis(
                metric: try string(try fields.required("metric", self, path: "\(key).analysis"), key: "\(key).analysis.metric"),
                successCondition: try string(try fields.required("successCondition", self, path: "\(key).analysis"), key: "\(key).analysis.successCondition"),
                phase: phase)
        }
        return Scenario.Canary(steps: steps, pausedAt: pausedAt, analysis: analysis)
    }

    static let anchors: [String: ScenarioEvent.Anchor] = ["start": .start, "auto-sync-disabled": .autoSyncDisabled, "rollback": .rollback,
                                                          "abort": .abort]
    static let actions = ["revert-bad-release", "auto-sync-reenabled", "pod-crash-loop", "analysis-fails"]

    func events(_ node: Node, key: String) throws -> [ScenarioEvent] {
        guard let sequence = node.sequence else { throw error(node, key: key, "expected a list of events") }
        var events: [ScenarioEvent] = []
        for (index, item) in sequence.enumerated() {
            let path = "\(key)[\(index)]"
            let entries = try mapping(item, key: path, allowed: ["action", "after", "anchor", "author", "email", "by", "pod"])
            let actionNode = try entries.required("action", self, path: path)
            let actionText = try string(actionNode, key: "\(path).action")
            let action: ScenarioEvent.Action
            switch actionText {
            case "revert-bad-release":
                action = .revertBadRelease(author: try string(try entries.required("author", self, path: path), key: "\(path).author"),
                                           email: try string(try entries.required("email", self, path: path), key: "\(path).email"))
            case "auto-sync-reenabled":
                action = .autoSyncReenabled(by: try string(try entries.required("by", self, path: path), key: "\(path).by"))
            case "pod-crash-loop":
                action = .podCrashLoop(index: try int(try entries.required("pod", self, path: path), key: "\(path).pod"))
            case "analysis-fails":
                action = .analysisFails
            default:
                throw error(actionNode, key: "\(path).action", "expected one of \(Self.actions.joined(separator: ", ")), got '\(actionText)'")
            }
            let anchorText = try entries["anchor"].map { try string($0, key: "\(path).anchor") } ?? "start"
            guard let anchor = Self.anchors[anchorText] else {
                throw error(entries["anchor"]!, key: "\(path).anchor", "expected one of \(Self.anchors.keys.sorted().joined(separator: ", ")), got '\(anchorText)'")
            }
            let after = try entries["after"].map { try duration($0, key: "\(path).after") } ?? .zero
            events.append(ScenarioEvent(action, after: after, anchor: anchor))
        }
        return events
    }
}
