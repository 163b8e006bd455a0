/// RENAME and SET SCHEMA: the old binary still uses the old name.
extension StatementJudge {
    /// renameType → (verdict, noun, namespace) for renames of whole objects.
    static let renameTable: [String: (verdict: Verdict, noun: String, namespace: Namespace)] = [
        "OBJECT_TABLE": (.unsafe, "table", .relation),
        "OBJECT_VIEW": (.unsafe, "view", .relation),
        "OBJECT_MATVIEW": (.unsafe, "materialized view", .relation),
        "OBJECT_FOREIGN_TABLE": (.unsafe, "foreign table", .relation),
        "OBJECT_SEQUENCE": (.unsafe, "sequence", .relation),
        "OBJECT_SCHEMA": (.unsafe, "schema", .schema),
        "OBJECT_TYPE": (.unsafe, "type", .type),
        "OBJECT_DOMAIN": (.unsafe, "domain", .type),
        "OBJECT_FUNCTION": (.unsafe, "function", .function),
        "OBJECT_PROCEDURE": (.unsafe, "procedure", .function),
        "OBJECT_ROUTINE": (.unsafe, "routine", .function),
        "OBJECT_DATABASE": (.unsafe, "database", .schema),
        "OBJECT_INDEX": (.review, "index", .relation),
        "OBJECT_TABCONSTRAINT": (.review, "constraint", .onTable),
        "OBJECT_DOMCONSTRAINT": (.review, "constraint", .onTable),
        "OBJECT_TRIGGER": (.review, "trigger", .onTable),
        "OBJECT_POLICY": (.review, "policy", .onTable),
        "OBJECT_RULE": (.review, "rule", .onTable),
    ]

    mutating func judgeRename(_ node: ParseNode) -> Judgement {
        let renameType = node["renameType"].string ?? "?"
        let newName = node["newname"].string ?? "?"
        let relation = ObjectName(rangeVar: node["relation"])
        if renameType == "OBJECT_COLUMN" || renameType == "OBJECT_ATTRIBUTE" {
            guard let table = relation ?? ObjectName(parts: ObjectName.parts(ofObject: node["object"])) else {
                return .unsafe("rename-column", "renames a column the old binary still uses")
            }
            let column = node["subname"].string ?? "?"
            if context.isNewRelation(table) || context.isNewType(table) || context.newColumn(column, of: table) != nil {
                context.renamedColumn(column, to: newName, of: table)
                return .safe("new-object", "renames \(table).\(column), created in this migration set")
            }
            return .unsafe("rename-column", "renames \(table).\(column) to \(newName); the old binary still uses the old name")
        }
        let parts = relation.map { [$0.schema, $0.name].compactMap { $0 } }
            ?? (node["subname"].string.map { [$0] } ?? ObjectName.parts(ofObject: node["object"]))
        let oldName = parts.joined(separator: ".")
        guard let entry = Self.renameTable[renameType] else {
            return .review("rename-other", "renames \(renameType.droppingObjectPrefix) \(oldName); check the old binary does not use it")
        }
        let rule = "rename-" + entry.noun.replacingOccurrences(of: " ", with: "-")
        if entry.namespace == .onTable {
            return .review(rule, "renames \(entry.noun) \(node["subname"].string ?? oldName) on \(oldName); check nothing in the old binary names it")
        }
        if isNew(parts, in: entry.namespace) {
            if let relation { context.renamedRelation(relation, to: ObjectName(schema: relation.schema, name: newName)) }
            return .safe("new-object", "renames \(entry.noun) \(oldName), created in this migration set")
        }
        if entry.verdict == .unsafe, let relation { pendingShadows.append(.init(oldName: relation)) }
        return Judgement(verdict: entry.verdict, rule: rule,
                         reason: "renames \(entry.noun) \(oldName) to \(newName); the old binary still uses the old name")
    }

    mutating func judgeSetSchema(_ node: ParseNode) -> Judgement {
        let objectType = node["objectType"].string ?? "?"
        let relation = ObjectName(rangeVar: node["relation"])
        let parts = relation.map { [$0.schema, $0.name].compactMap { $0 } } ?? ObjectName.parts(ofObject: node["object"])
        let namespace = Self.renameTable[objectType]?.namespace ?? .relation
        let name = parts.joined(separator: ".")
        if isNew(parts, in: namespace) {
            return .safe("new-object", "moves \(name), created in this migration set")
        }
        if let relation { pendingShadows.append(.init(oldName: relation)) }
        return .unsafe("set-schema", "moves \(objectType.droppingObjectPrefix) \(name) to schema \(node["newschema"].string ?? "?"); the old binary still looks for it where it was")
    }

    mutating func judgeAlterEnum(_ node: ParseNode) -> Judgement {
        let type = ObjectName(parts: node["typeName"].names)
        let typeName = type?.description ?? "?"
        guard let oldValue = node["oldVal"].string else {
            return .safe("add-enum-value", "adds a value to enum \(typeName); the old binary's values stay valid")
        }
        if let type, context.isNewType(type) {
            return .safe("new-object", "renames a value of enum \(typeName), created in this migration set")
        }
        return .unsafe("rename-enum-value", "renames enum value '\(oldValue)' of \(typeName); the old binary still writes '\(oldValue)'")
    }
}
