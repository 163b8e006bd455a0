import Foundation
import RunbookEngine
import Yams
import YAMLFile

/// `config.yaml`: the apps an on-call engineer may drive, read through Yams' node tree so every
/// error names its file, line and key.
///
/// ```yaml
/// theme: high-contrast            # optional: the colour theme of every console command (--theme wins)
/// defaults:                       # optional: keys every app shares
///   prometheus: http://prometheus.monitoring:9090
/// apps:
///   - name: bookstore-catalog-us-east   # the Argo CD Application
///     namespace: bookstore
///     deployment: catalog
///     selector: app=catalog
///     configRepo: ~/src/bookstore-platform
///     migrations: "app/*/migrations/*.sql"
///     threshold: 0.5
///     alerts: [CatalogP99High]
///     statusChannel: "#bookstore-platform-status"
///     bearerTokenEnv: PROMETHEUS_TOKEN     # the variable's name, never the token
/// ```
public struct ConfigFile: Sendable, Equatable {
    public struct App: Sendable, Equatable {
        public var name: String
        public var settings: AppSettings
        public init(name: String, settings: AppSettings) { self.name = name; self.settings = settings }
    }

    /// The top-level `theme: NAME`, with where it is written so an unknown name can be pointed at.
    public struct ThemeSetting: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var column: Int
        public init(name: String, line: Int, column: Int) { self.name = name; self.line = line; self.column = column }
    }

    public var path: String
    public var theme: ThemeSetting?
    public var defaults: AppSettings
    public var apps: [App]

    public init(path: String, theme: ThemeSetting? = nil, defaults: AppSettings = AppSettings(), apps: [App] = []) {
        self.path = path; self.theme = theme; self.defaults = defaults; self.apps = apps
    }

    /// The top-level keys; `theme` is a display setting, so it sits beside `defaults`, not in it.
    static let topLevelKeys = ["theme", "defaults", "apps"]

    /// `$XDG_CONFIG_HOME/incident-console/config.yaml` (default `~/.config/…`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("incident-console/config.yaml")
    }

    /// Reads `path`; nil when `required` is false and there is no file there.
    public static func load(path: String, required: Bool) throws(ConfigError) -> ConfigFile? {
        guard let yaml = try contents(path: path, required: required) else { return nil }
        return try parse(yaml: yaml, file: path)
    }

    /// Reads only what the console's look needs (`theme`) from `path`, for commands that use no app:
    /// the YAML and the top-level keys are checked, the apps are left to `run`. Nil when the file names
    /// no theme, or when `required` is false and there is no file there.
    public static func loadTheme(path: String, required: Bool) throws(ConfigError) -> ThemeSetting? {
        guard let yaml = try contents(path: path, required: required) else { return nil }
        return try parseTheme(yaml: yaml, file: path)
    }

    /// The top-level `theme` of a config file, nil when it names none; other keys' values are not read.
    public static func parseTheme(yaml: String, file: String) throws(ConfigError) -> ThemeSetting? {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(yaml) else { return nil }
        let top = try reader.mapping(root, key: "", allowed: topLevelKeys)
        return try top["theme"].map { node throws(ConfigError) in try reader.theme(node) }
    }

    private static func contents(path: String, required: Bool) throws(ConfigError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ConfigError(file: path, message: "no such file") }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read the file (check its permissions)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public static func parse(yaml: String, file: String) throws(ConfigError) -> ConfigFile {
        let reader = YAMLReader(file: file)
        guard let root = try reader.compose(yaml) else { return ConfigFile(path: file) }
        let top = try reader.mapping(root, key: "", allowed: topLevelKeys)
        var config = ConfigFile(path: file)
        if let node = top["theme"] { config.theme = try reader.theme(node) }
        if let node = top["defaults"] { config.defaults = try reader.settings(node, key: "defaults", allowName: false).settings }
        if let node = top["apps"] {
            guard let sequence = node.sequence else {
                throw reader.error(node, key: "apps", "expected a list of apps (each starting with `- name: APP`)")
            }
            for (index, entry) in sequence.enumerated() {
                let key = "apps[\(index)]"
                let (name, settings) = try reader.settings(entry, key: key, allowName: true)
                guard let name else { throw reader.error(entry, key: key, "every app needs a name (its Argo CD Application)") }
                if config.apps.contains(where: { $0.name == name }) {
                    throw reader.error(entry, key: "\(key).name", "\(name) is listed twice")
                }
                config.apps.append(App(name: name, settings: settings))
            }
        }
        return config
    }
}

/// The config file's own values, on top of the shared YAML checks.
extension YAMLReader {
    /// A theme name is a file name under themes/ or a built-in's; which ones exist is the console's to check.
    func theme(_ node: Node) throws(ConfigError) -> ConfigFile.ThemeSetting {
        let name = try string(node, key: "theme")
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw error(node, key: "theme", "expected a theme name such as high-contrast (`incident-console themes` lists them)")
        }
        return ConfigFile.ThemeSetting(name: name, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }

    /// A number of seconds within `range` (SaneRanges'): NaN, .inf, 0 and 1e17 name the key and the range.
    func number(_ node: Node, key: String, range: SaneRange) throws(ConfigError) -> Double {
        guard node.scalar != nil, let value = node.float else {
            throw error(node, key: key, "expected a number of seconds, got '\(node.scalar?.string ?? "a collection")'")
        }
        if let problem = range.problem(value) { throw error(node, key: key, problem) }
        return value
    }

    func bool(_ node: Node, key: String) throws(ConfigError) -> Bool {
        guard node.scalar != nil, let value = node.bool else {
            throw error(node, key: key, "expected true or false, got '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }

    func strings(_ node: Node, key: String) throws(ConfigError) -> [String] {
        if node.scalar != nil { return [try string(node, key: key)] }
        guard let sequence = node.sequence else { throw error(node, key: key, "expected a list of names") }
        var values: [String] = []
        for (index, item) in sequence.enumerated() { values.append(try string(item, key: "\(key)[\(index)]")) }
        return values
    }

    /// `metrics:` — a list of `{name, query, unit, threshold, direction, alerts}`; unit and direction
    /// default to seconds and below; names must differ (the pane and the journal tell them apart by name).
    func metrics(_ node: Node, key: String) throws(ConfigError) -> [MetricSpec] {
        guard let sequence = node.sequence, !sequence.isEmpty else {
            throw error(node, key: key, "expected a list of metrics, each `- {name: p99, query: 'histogram_quantile(…)', unit: seconds, threshold: 0.5}`")
        }
        var metrics: [MetricSpec] = []
        for (index, item) in sequence.enumerated() {
            let path = "\(key)[\(index)]"
            let entries = try mapping(item, key: path, allowed: ["name", "query", "unit", "threshold", "direction", "alerts"])
            func text(_ field: String) throws(ConfigError) -> String {
                guard let value = entries[field] else { throw error(item, key: path, "every metric needs a \(field)") }
                let text = try string(value, key: "\(path).\(field)")
                if text.trimmingCharacters(in: .whitespaces).isEmpty { throw error(value, key: "\(path).\(field)", "is empty") }
                if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                    throw error(value, key: "\(path).\(field)", "holds control characters")
                }
                return text
            }
            let name = try text("name")
            if name.count > 40 || name.contains("\n") { throw error(entries["name"] ?? item, key: "\(path).name", "a metric's name is one line of at most 40 characters") }
            let query = try text("query")
            var unit = MetricSpec.Unit.seconds
            if let node = entries["unit"] {
                let word = try string(node, key: "\(path).unit")
                guard let parsed = MetricSpec.Unit(rawValue: word) else {
                    throw error(node, key: "\(path).unit", "'\(TerminalSafe.text(word, keepLines: false))' is not a unit: \(MetricSpec.Unit.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                unit = parsed
            }
            var direction = MetricSpec.Direction.below
            if let node = entries["direction"] {
                let word = try string(node, key: "\(path).direction")
                guard let parsed = MetricSpec.Direction(rawValue: word) else {
                    throw error(node, key: "\(path).direction", "'\(TerminalSafe.text(word, keepLines: false))' is not a direction: below (healthy under the threshold) or above")
                }
                direction = parsed
            }
            guard let thresholdNode = entries["threshold"] else { throw error(item, key: path, "every metric needs a threshold") }
            guard thresholdNode.scalar != nil, let threshold = thresholdNode.float else {
                throw error(thresholdNode, key: "\(path).threshold", "expected a number, got '\(thresholdNode.scalar?.string ?? "a collection")'")
            }
            if let problem = unit.thresholds.problem(threshold) { throw error(thresholdNode, key: "\(path).threshold", problem) }
            let alerts = try entries["alerts"].map { node throws(ConfigError) in try strings(node, key: "\(path).alerts") } ?? []
            if metrics.contains(where: { $0.name == name }) { throw error(entries["name"] ?? item, key: "\(path).name", "\(name) is listed twice") }
            metrics.append(MetricSpec(name: name, query: query, unit: unit, threshold: threshold, direction: direction, alerts: alerts))
        }
        return metrics
    }

    func settings(_ node: Node, key: String, allowName: Bool) throws(ConfigError) -> (name: String?, settings: AppSettings) {
        let entries = try mapping(node, key: key, allowed: (allowName ? ["name"] : []) + AppSettings.keys)
        var name: String?
        var settings = AppSettings()
        for (field, value) in entries.pairs {
            let path = "\(key).\(field)"
            let problem: String?
            switch field {
            case "name":
                let text = try string(value, key: path)
                problem = KubernetesName.subdomainProblem(text).map { "'\(text)' \($0)" }
                name = text
            case "threshold", "commandTimeout", "prometheusTimeout", "sustain", "verifyTimeout":
                let seconds = try number(value, key: path, range: SaneRanges.forSetting(field) ?? SaneRanges.sustain)
                switch field {
                case "threshold": settings.threshold = seconds
                case "commandTimeout": settings.commandTimeout = seconds
                case "prometheusTimeout": settings.prometheusTimeout = seconds
                case "sustain": settings.sustain = seconds
                default: settings.verifyTimeout = seconds
                }
                problem = nil
            case "alerts":
                settings.alerts = try strings(value, key: path)
                problem = nil
            case "metrics":
                settings.metrics = try metrics(value, key: path)
                problem = nil
            case "shadowPostgres":
                settings.shadowPostgres = try bool(value, key: path)
                problem = nil
            default:
                let text = try string(value, key: path)
                problem = LiveSettings.problem(key: field, value: text)
                settings.set(field, text)
            }
            if let problem { throw error(value, key: path, problem) }
        }
        return (name, settings)
    }
}

extension AppSettings {
    /// Sets a text key by its file name.
    mutating func set(_ key: String, _ value: String) {
        guard let field = Self.textFields[key] else { return }
        self[keyPath: field] = value
    }
}
