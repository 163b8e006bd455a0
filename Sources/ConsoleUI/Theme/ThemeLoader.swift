import Foundation
import Yams
import YAMLFile

/// Reads theme YAML through Yams' node tree, so every error can name its file, line and key.
enum ThemeLoader {
    static let topLevelKeys = ["name", "description", "appearance", "roles"]
    static let roleKeys = ["fg", "bg", "bold", "underline", "reverse"]

    /// - Parameter fallback: where missing roles come from; nil means every role is required.
    static func load(yaml: String, file: String, fallback: Theme?) throws(ThemeError) -> Theme {
        let reader = YAMLReader(file: file)
        let composed: Node?
        do {
            composed = try reader.compose(yaml)
        } catch {
            // The likeliest cause of a syntax error in a theme: `fg: #ff8700` unquoted.
            var problem = error
            if yaml.contains(": #") { problem.message += " (a bare # starts a comment: quote colours like \"#ff8700\")" }
            throw problem
        }
        guard let root = composed else {
            throw ThemeError(file: file, line: 0, column: 0, key: "", message: "the file is empty")
        }
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
}

/// A theme's own values, on top of the shared YAML checks.
extension YAMLReader {
    func color(_ node: Node, key: String) throws(ThemeError) -> ThemeColor {
        if node.null != nil || node.scalar?.string.isEmpty == true {
            throw error(node, key: key, "missing colour (a bare # starts a comment: quote it, \"#ff8700\")")
        }
        let text = try string(node, key: key)
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
