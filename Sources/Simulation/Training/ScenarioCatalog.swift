import Foundation

/// The drills `train` offers: the ones shipped in the binary, then the user's own from
/// `$XDG_CONFIG_HOME/incident-console/scenarios/*.yaml` (a user file replaces a built-in of the same name).
public struct ScenarioCatalog: Sendable {
    public var scenarios: [TrainingScenario]
    /// Files that could not be used; the rest still load.
    public var problems: [ScenarioFileError]

    public subscript(name: String) -> TrainingScenario? { scenarios.first { $0.name == name } }

    /// The shipped drills, in the order `train --list` shows them.
    static let shipped: [(file: String, bytes: [UInt8])] = [
        ("catalog-bad-digest.yaml", PackageResources.catalog_bad_digest_yaml),
        ("orders-hpa-values.yaml", PackageResources.orders_hpa_values_yaml),
        ("forward-only-migration.yaml", PackageResources.forward_only_migration_yaml),
        ("auto-sync-footgun.yaml", PackageResources.auto_sync_footgun_yaml),
        ("parent-app-reenables.yaml", PackageResources.parent_app_reenables_yaml),
        ("feature-flag-config.yaml", PackageResources.feature_flag_config_yaml),
        ("false-alarm.yaml", PackageResources.false_alarm_yaml),
        ("verify-fails-escalate.yaml", PackageResources.verify_fails_escalate_yaml),
        ("rollout-canary-analysis-failed.yaml", PackageResources.rollout_canary_analysis_failed_yaml),
        ("rollout-promoted-bad.yaml", PackageResources.rollout_promoted_bad_yaml),
        ("sync-window-deny.yaml", PackageResources.sync_window_deny_yaml),
    ]

    public static func builtIn() -> ScenarioCatalog {
        var catalog = ScenarioCatalog(scenarios: [], problems: [])
        for (file, bytes) in shipped {
            do { catalog.scenarios.append(try ScenarioFile.load(yaml: String(decoding: bytes, as: UTF8.self), file: file)) } catch {
                catalog.problems.append(ScenarioFileError(error, file: file))
            }
        }
        return catalog
    }

    /// Built-ins plus the user's directory (nil: the XDG default).
    public static func load(userDirectory: String? = nil) -> ScenarioCatalog {
        var catalog = builtIn()
        let directory = userDirectory ?? defaultUserDirectory()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                let drill = try ScenarioFile.load(contentsOfFile: path)
                catalog.scenarios.removeAll { $0.name == drill.name }
                catalog.scenarios.append(drill)
            } catch {
                catalog.problems.append(ScenarioFileError(error, file: path))
            }
        }
        return catalog
    }

    public static func defaultUserDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("incident-console/scenarios")
    }
}
