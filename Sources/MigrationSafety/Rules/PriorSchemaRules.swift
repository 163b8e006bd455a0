/// Judging against the schema at the last good revision: a schema-based downgrade of a verdict happens
/// only where the replayed model proves it (a re-stated type, NOT NULL already there, IF [NOT] EXISTS resolved).
extension StatementJudge {
    /// The old binary's column, when the model knows it and nothing in this set made it new.
    func priorColumn(_ column: String, of table: ObjectName) -> KnownSchema.Column? {
        guard let prior, !context.isNewRelation(table), context.newColumn(column, of: table) == nil else { return nil }
        return prior.column(column, of: table)
    }

    /// The set's statements judged with no prior schema: code (DO blocks, function bodies) is never downgraded.
    mutating func withoutPrior<T>(_ body: (inout StatementJudge) -> T) -> T {
        let saved = prior
        prior = nil
        defer { prior = saved }
        return body(&self)
    }

    /// "; the schema at REV did not know users.bio" — said whenever a schema was there and did not help.
    func unknownNote(_ what: String) -> String {
        guard let prior else { return "" }
        return "; the schema at \(prior.revision) did not know \(what)"
    }

    /// `ALTER COLUMN … TYPE` against the column's known type; nil when the model cannot decide it.
    func judgeTypeChangeAgainstPrior(_ definition: ParseNode, table: ObjectName, column: String) -> Judgement? {
        guard let prior, !definition["raw_default"].exists, !definition["collClause"].exists,
              let known = priorColumn(column, of: table), let old = known.type,
              let new = ColumnType(typeName: definition["typeName"], userTypes: { prior.isUserType($0) || context.isNewType($0) })
        else { return nil }
        let name = "\(table).\(column)"
        let was = "\(name) was \(old) since \(known.typeSince)"
        switch TypeChange.between(old, new) {
        case .same:
            return .safe("same-type", "\(was); TYPE \(new) re-states it, no change")
        case .widening(let verdict, let why):
            return Judgement(verdict: verdict, rule: "widen-type", reason: "\(was); widening it to \(new) keeps every value: \(why)")
        case .other:
            return .unsafe("change-type", "\(was); \(new) is narrower or another type, so the old binary may fail to read or write it")
        }
    }

    func judgeSetNotNullAgainstPrior(table: ObjectName, column: String) -> Judgement? {
        guard let known = priorColumn(column, of: table), known.notNull == true else { return nil }
        return .safe("already-not-null", "\(table).\(column) was NOT NULL since \(known.nullabilitySince); no change")
    }

    func judgeDropNotNullAgainstPrior(table: ObjectName, column: String) -> Judgement? {
        guard let known = priorColumn(column, of: table), let notNull = known.notNull else { return nil }
        if !notNull { return .safe("drop-not-null", "\(table).\(column) was already nullable since \(known.nullabilitySince); no change") }
        return .safe("drop-not-null", "\(table).\(column) was NOT NULL since \(known.nullabilitySince); dropping it rejects none of the old binary's writes (rows written since may hold NULL)")
    }

    /// ADD COLUMN IF NOT EXISTS of a column the old binary already had.
    func judgeAddExistingColumn(table: ObjectName, column: String) -> Judgement? {
        guard let known = priorColumn(column, of: table) else { return nil }
        return .safe("exists-no-op", "\(table).\(column) exists since \(known.typeSince); IF NOT EXISTS makes this a no-op")
    }

    /// DROP COLUMN IF EXISTS of a column the model proves absent.
    func judgeDropAbsentColumn(table: ObjectName, column: String) -> Judgement? {
        guard let prior, !context.isNewRelation(table), context.newColumn(column, of: table) == nil,
              prior.provesNoColumn(column, of: table) else { return nil }
        return .safe("absent-no-op", "\(table).\(column) did not exist at \(prior.revision); IF EXISTS makes this a no-op")
    }

    /// What the model knew about a relation the statement drops or changes, for the reason.
    func priorOrigin(ofRelation name: ObjectName) -> String {
        guard let prior else { return "" }
        guard let known = prior.relation(name) else { return unknownNote(name.description) }
        return " (\(name) exists since \(known.since))"
    }
}
