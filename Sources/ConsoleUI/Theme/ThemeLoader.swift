import Foundation
import Yams

/// Reads theme YAML through Yams' node tree, so every error can name its file, line and key.
enum ThemeLoader {
    static let topLevelKeys = ["name", "description", "appearance", "roles"]
    static let roleKeys = ["fg", "bg", "bold", "underline", "reverse"]

    /// - Parameter fallback: where missing roles come from; nil means every role is required.
    static func load(yaml: String, file: String, fallback: Theme?) throws(ThemeError) -> Theme {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxError(error, yaml: yaml, file: file)
        }
        guard let root = composed else {
            throw ThemeError(file: file, line: 0, column: 0, key: "", message: "the file is empty")
        }
        let reader = Reader(file: file)
        let top = try reader.mapping(root, key: "", allowed: topLevelKeys)

        let stem = (file as NSString).lastPathComponent.replacingOccurrences(of: ".yaml", with: "")
        var name = stem, description = ""
        if let node = top["name"] { name = try reader.string(node, key: "name") }
        if let node = top["description"] { description = try reader.string(node, key: "description") }
        var appearance = fallback?.appearance ?? .dark
        if let node = top["appearance"] {
            let text = try reader.string(node, key: "appearance")
            guard let value = Appearance(rawValue: text) else {
                throw reader.error(node, key: "appearance", "expected dark or light, got '\(text)'")
            }
            appearance = value
        }

        var roles: [StyleRole: RoleSpec] = [:]
        if let rolesNode = top["roles"] {
            let entries = try reader.mapping(rolesNode, key: "roles", allowed: StyleRole.allCases.map(\.rawValue))
            for (roleName, node) in entries.pairs {
                guard let role = StyleRole(rawValue: roleName) else { continue }
                roles[role] = try reader.roleSpec(node, key: "roles.\(roleName)")
            }
        }
        if fallback == nil, let missing = StyleRole.allCases.first(where: { roles[$0] == nil }) {
            throw reader.error(top["roles"] ?? root, key: "roles", "role '\(missing.rawValue)' is missing")
        }
        return Theme(name: name, description: description, appearance: appearance,
                     roles: roles, fallback: fallback?.roles ?? [:])
    }

    /// Yams reports syntax errors with a mark; keep its line and column, drop its snippet.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> ThemeError {
        var problem = "not valid YAML"
        var mark: Yams.Mark?
        if let yamlError = error as? YamlError {
            switch yamlError {
            case let .scanner(_, text, at, _), let .parser(_, text, at, _), let .composer(_, text, at, _):
                problem = "not valid YAML: \(text)"
                mark = at
            case let .duplicatedKeysInMapping(duplicates, context):
                problem = "duplicate key \(duplicates.joined(separator: ", "))"
                mark = context.mark
            default:
                problem = "not valid YAML: \(yamlError)"
            }
        }
        // The likeliest cause of a syntax error in a theme: `fg: #ff8700` unquoted.
        let hint = yaml.contains(": #") ? " (a bare # starts a comment: quote colours like \"#ff8700\")" : ""
        return ThemeError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, key: "", message: problem + hint)
    }

    /// The checks shared by every level of the file, each error carrying the node's position.
    struct Reader {
        let file: String

        struct Entries {
            var pairs: [(String, Node)]
            subscript(key: String) -> Node? { pairs.first { $0.0 == key }?.1 }
        }

        func error(_ node: Node, key: String, _ message: String) -> ThemeError {
            ThemeError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, key: key, message: message)
        }

        func mapping(_ node: Node, key: String, allowed: [String]) throws(ThemeError) -> Entries {
            guard let mapping = node.mapping else {
                throw error(node, key: key, "expected a mapping of \(allowed.joined(separator: ", "))")
            }
            var pairs: [(String, Node)] = []
            for (keyNode, value) in mapping {
                let name = keyNode.scalar?.string ?? ""
                let path = key.isEmpty ? name : "\(key).\(name)"
                guard allowed.contains(name) else {
                    throw error(keyNode, key: path, "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
                }
                pairs.append((name, value))
            }
            return Entries(pairs: pairs)
        }

        func string(_ node: Node, key: String) throws(ThemeError) -> String {
            guard let scalar = node.scalar else { throw error(node, key: key, "expected text") }
            return scalar.string
        }

        func bool(_ node: Node, key: String) throws(ThemeError) -> Bool {
            guard node.scalar != nil, let value = node.bool else {
                throw error(node, key: key, "expected true or false, got '\(node.scalar?.string ?? "a collection")'")
            }
            return value
        }

        func color(_ node: Node, key: String) throws(ThemeError) -> ThemeColor {
            let text = try string(node, key: key)
            if text.isEmpty || node.null != nil {
                throw error(node, key: key, "missing colour (a bare # starts a comment: quote it, \"#ff8700\")")
            }
            guard let color = ThemeColor(parsing: text) else {
                throw error(node, key: key, "'\(text)' is not a colour: use a name (black … white, bright-black … bright-white), 0-255, \"#rrggbb\" or default")
            }
            return color
        }

        func roleSpec(_ node: Node, key: String) throws(ThemeError) -> RoleSpec {
            let entries = try mapping(node, key: key, allowed: ThemeLoader.roleKeys)
            var spec = RoleSpec()
            for (name, value) in entries.pairs {
                let path = "\(key).\(name)"
                switch name {
                case "fg": spec.fg = try color(value, key: path)
                case "bg": spec.bg = try color(value, key: path)
                case "bold": spec.bold = try bool(value, key: path)
                case "underline": spec.underline = try bool(value, key: path)
                default: spec.reverse = try bool(value, key: path)
                }
            }
            return spec
        }
    }
}

extension Theme {
    /// Reads and parses a theme file from disk; roles it leaves out fall back to `Theme.builtIn`.
    public static func load(contentsOfFile path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, line: 0, column: 0, key: "", message: "cannot read the file")
        }
        return try load(yaml: String(decoding: data, as: UTF8.self), file: path)
    }
}
