/// A possibly schema-qualified object name, as written in the migration.
struct ObjectName: Hashable, Sendable, CustomStringConvertible {
    var schema: String?
    var name: String

    /// From a RangeVar node: `{"schemaname": "s", "relname": "t"}`.
    init?(rangeVar node: ParseNode) {
        guard let relname = node["relname"].string else { return nil }
        schema = node["schemaname"].string
        name = relname
    }

    /// From a name list `["s", "t"]` (the last part is the name, the one before it the schema).
    init?(parts: [String]) {
        guard let last = parts.last else { return nil }
        name = last
        schema = parts.count >= 2 ? parts[parts.count - 2] : nil
    }

    init(schema: String?, name: String) {
        self.schema = schema
        self.name = name
    }

    var description: String { schema.map { "\($0).\(name)" } ?? name }

    /// The name parts of a DROP/COMMENT/RENAME object node, whatever its shape
    /// (`List`, `TypeName`, `ObjectWithArgs`, bare `String`).
    static func parts(ofObject node: ParseNode) -> [String] {
        if node["List"].exists { return node["List"]["items"].names }
        if node["TypeName"].exists { return node["TypeName"]["names"].names }
        if node["ObjectWithArgs"].exists { return node["ObjectWithArgs"]["objname"].names }
        if let value = node["String"]["sval"].string { return [value] }
        return []
    }
}
