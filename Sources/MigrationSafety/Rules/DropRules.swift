/// DROP: the old binary still uses what the bad release dropped.
extension StatementJudge {
    /// Where a dropped or renamed object's name lives, to ask whether this migration set created it.
    enum Namespace { case relation, type, schema, function, `extension`, onTable }

    /// removeType → (verdict, noun, namespace).
    static let dropTable: [String: (verdict: Verdict, noun: String, namespace: Namespace)] = [
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
        "OBJECT_AGGREGATE": (.unsafe, "aggregate", .function),
        "OBJECT_EXTENSION": (.unsafe, "extension", .extension),
        "OBJECT_INDEX": (.review, "index", .relation),
        "OBJECT_TRIGGER": (.review, "trigger", .onTable),
        "OBJECT_POLICY": (.review, "policy", .onTable),
        "OBJECT_RULE": (.review, "rule", .onTable),
    ]

    mutating func judgeDrop(_ node: ParseNode) -> Judgement {
        let removeType = node["removeType"].string ?? "?"
        let objects = node["objects"].list.map(ObjectName.parts(ofObject:))
        let names = objects.map { $0.joined(separator: ".") }.joined(separator: ", ")
        guard let entry = Self.dropTable[removeType] else {
            return .review("drop-other", "drops \(removeType.droppingObjectPrefix) \(names); check the old binary does not use it")
        }
        if !objects.isEmpty, objects.allSatisfy({ isNew($0, in: entry.namespace) }) {
            if entry.namespace == .relation {
                for parts in objects { if let name = ObjectName(parts: parts) { context.droppedRelation(name) } }
            }
            return .safe("new-object", "drops \(entry.noun) \(names), created in this migration set")
        }
        // IF EXISTS of objects the schema proves were never there (or this set made): nothing the old binary saw goes.
        if node["missing_ok"].bool, let prior, !objects.isEmpty,
           objects.allSatisfy({ isNew($0, in: entry.namespace) || provedAbsent($0, in: entry.namespace, noun: entry.noun) }) {
            for parts in objects { if entry.namespace == .relation, let name = ObjectName(parts: parts) { context.droppedRelation(name) } }
            return .safe("absent-no-op", "\(entry.noun) \(names) did not exist at \(prior.revision) (or was made in this set); IF EXISTS drops nothing the old binary saw")
        }
        let rule = "drop-" + entry.noun.replacingOccurrences(of: " ", with: "-")
        let known = entry.namespace == .relation ? objects.compactMap(ObjectName.init(parts:)).map(priorOrigin(ofRelation:)).joined() : ""
        let reason = entry.verdict == .unsafe
            ? "drops \(entry.noun) \(names), which the old binary still uses" + known
            : "drops \(entry.noun) \(names); the old binary may rely on it" + known
        return Judgement(verdict: entry.verdict, rule: rule, reason: reason)
    }

    /// Whether the schema at the last good revision proves no such object existed.
    func provedAbsent(_ parts: [String], in namespace: Namespace, noun: String) -> Bool {
        guard let prior else { return false }
        switch namespace {
        case .relation:
            let kind: KnownSchema.RelationKind = noun == "table" ? .table : noun.hasSuffix("view") ? .view : .index
            return ObjectName(parts: parts).map { prior.provesNoRelation($0, kind: kind) } ?? false
        case .type: return ObjectName(parts: parts).map(prior.provesNoType) ?? false
        case .schema: return parts.last.map(prior.provesNoSchema) ?? false
        case .function, .extension, .onTable: return false
        }
    }

    func isNew(_ parts: [String], in namespace: Namespace) -> Bool {
        switch namespace {
        case .relation: return ObjectName(parts: parts).map(context.isNewRelation) ?? false
        case .type: return ObjectName(parts: parts).map(context.isNewType) ?? false
        case .function: return ObjectName(parts: parts).map(context.isNewFunction) ?? false
        case .schema: return parts.last.map(context.isNewSchema) ?? false
        case .extension: return parts.last.map(context.isNewExtension) ?? false
        case .onTable: return ObjectName(parts: Array(parts.dropLast())).map(context.isNewRelation) ?? false
        }
    }
}

extension String {
    /// "OBJECT_CAST" → "cast".
    var droppingObjectPrefix: String {
        (hasPrefix("OBJECT_") ? String(dropFirst(7)) : self).lowercased().replacingOccurrences(of: "_", with: " ")
    }
}
