import Yams

/// Reads a YAML file through Yams' node tree, so every error names the file, line, column and key.
/// The checks every file format here shares; each format adds its own values in an extension.
public struct YAMLReader: Sendable {
    public let file: String

    public init(file: String) { self.file = file }

    /// A mapping's entries in file order, each key checked against the allowed ones.
    public struct Entries {
        public var pairs: [(String, Node)]
        /// The mapping itself: where "missing" errors point.
        public var node: Node
        public subscript(key: String) -> Node? { pairs.first { $0.0 == key }?.1 }

        /// The value of `key`, or an error at the mapping naming `path.key` as missing.
        public func required(_ key: String, _ reader: YAMLReader, path: String = "") throws(LocatedError) -> Node {
            guard let value = self[key] else {
                throw reader.error(node, key: path.isEmpty ? key : "\(path).\(key)", "missing (required)")
            }
            return value
        }
    }

    /// The root node, nil for an empty file; a syntax error keeps Yams' line and column.
    public func compose(_ yaml: String) throws(LocatedError) -> Node? {
        do { return try Yams.compose(yaml: yaml) } catch { throw syntaxError(error) }
    }

    public func syntaxError(_ error: any Error) -> LocatedError {
        guard let yamlError = error as? YamlError else { return LocatedError(file: file, message: "not valid YAML: \(error)") }
        switch yamlError {
        case let .scanner(_, text, at, _), let .parser(_, text, at, _), let .composer(_, text, at, _):
            return LocatedError(file: file, line: at.line, column: at.column, message: "not valid YAML: \(text)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return LocatedError(file: file, line: context.mark.line, column: context.mark.column,
                                key: duplicates.joined(separator: ", "), message: "duplicate key")
        default:
            return LocatedError(file: file, message: "not valid YAML: \(yamlError)")
        }
    }

    public func error(_ node: Node, key: String, _ message: String) -> LocatedError {
        LocatedError(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, key: key, message: message)
    }

    public func mapping(_ node: Node, key: String, allowed: [String]) throws(LocatedError) -> Entries {
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
        return Entries(pairs: pairs, node: node)
    }

    public func string(_ node: Node, key: String) throws(LocatedError) -> String {
        // `key:` with nothing after it is null, not empty text.
        guard let scalar = node.scalar, node.null == nil else { throw error(node, key: key, "expected text") }
        return scalar.string
    }

    public func bool(_ node: Node, key: String) throws(LocatedError) -> Bool {
        guard node.scalar != nil, let value = node.bool else {
            throw error(node, key: key, "expected true or false, got '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }
}
