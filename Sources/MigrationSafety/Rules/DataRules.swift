/// Statements that change or read rows, and calls into functions.
extension StatementJudge {
    mutating func judgeData(_ kind: String, _ node: ParseNode) -> Judgement {
        // Function calls and nested statements anywhere in the tree are judged by the tree walk.
        let table = ObjectName(rangeVar: node["relation"])
        switch kind {
        case _ where table.map(context.isNewRelation) ?? false:
            return .safe("new-object", "\(table!) is created in this migration set; the old binary does not use it")
        case "TruncateStmt":
            let tables = node["relations"].list.compactMap { ObjectName(rangeVar: $0["RangeVar"]) }
            if !tables.isEmpty, tables.allSatisfy(context.isNewRelation) {
                return .safe("new-object", "truncates tables created in this migration set")
            }
            return .unsafe("truncate", "empties \(tables.map(\.description).joined(separator: ", ")); the old binary's data is gone")
        case "DeleteStmt":
            let name = table?.description ?? "?"
            return Expression.readsColumns(node["whereClause"])
                ? .review("delete-where", "deletes rows of \(name); check the old binary does not need them")
                : .unsafe("delete-all", "deletes every row of \(name) (no WHERE that picks rows)")
        case "UpdateStmt":
            let name = table?.description ?? "?"
            return node["whereClause"].exists
                ? .review("update-where", "rewrites rows of \(name); check the old binary reads the new values")
                : .review("update-all", "rewrites every row of \(name); check the old binary reads the new values")
        case "InsertStmt":
            return node["onConflictClause"]["action"].string == "ONCONFLICT_UPDATE"
                ? .review("upsert", "INSERT … ON CONFLICT DO UPDATE rewrites existing rows of \(table?.description ?? "?")")
                : .safe("seed-insert", "adds rows; existing rows stay as the old binary knows them")
        case "MergeStmt":
            let name = table?.description ?? "?"
            let actions = Set(node["mergeWhenClauses"].list.compactMap { $0["MergeWhenClause"]["commandType"].string })
            if actions.contains("CMD_DELETE") {
                return .review("merge-delete", "MERGE deletes rows of \(name); check the old binary does not need them")
            }
            if actions.contains("CMD_UPDATE") {
                return .review("merge-update", "MERGE rewrites rows of \(name); check the old binary reads the new values")
            }
            return .safe("seed-insert", "MERGE only adds rows; existing rows stay as the old binary knows them")
        case "CallStmt":
            // The call is stored inline (no FuncCall node around it), so the tree walk does not see it.
            let procedure = node["funccall"]["funcname"].names
            let call = Judgement.review("call", "CALL \(procedure.joined(separator: ".")) runs code at migration time; read what it does")
            return Judgement.worst([call] + [judgeCall(node["funccall"])].compactMap { $0 }) ?? call
        default:
            return .safe("select", "reads rows")
        }
    }

    /// One call run at migration time: a function created in this set is read; any other function
    /// outside a list of side-effect-free built-ins is for a person to check. nil: a plain built-in.
    mutating func judgeCall(_ call: ParseNode) -> Judgement? {
        guard let name = ObjectName(parts: call["funcname"].names) else {
            return .review("calls-function", "calls a function this checker cannot name; read what it does")
        }
        if let function = context.function(name) {
            guard let inner = judgeBody(of: function, named: name) else {
                return .review("calls-function", "calls \(name)(), whose body this checker cannot read")
            }
            guard inner.verdict > .safe else {
                return .safe("calls-new-function", "calls \(name)(), created in this set; its body is safe")
            }
            return Judgement(verdict: inner.verdict, rule: "calls-function-" + inner.rule, reason: "calls \(name)(), which \(inner.reason)")
        }
        let builtin = name.schema == nil || name.schema == "pg_catalog"
        if builtin, name.name.lowercased() == "setval" {
            return .review("setval", "setval moves a sequence; a lower value hands out ids the old binary's rows already have")
        }
        if builtin, Self.plainBuiltins.contains(name.name.lowercased()) { return nil }
        return .review("calls-function", "calls \(name)(), which this checker cannot see into; read what it does")
    }

    /// The worst judgement of what a function created in this set runs; nil when its body cannot be read.
    mutating func judgeBody(of function: SchemaContext.NewFunction, named name: ObjectName) -> Judgement? {
        guard let body = function.body, !context.functionsBeingRead.contains(name) else { return nil }
        context.functionsBeingRead.insert(name)
        defer { context.functionsBeingRead.remove(name) }
        let inner: Judgement?
        switch function.language {
        case "plpgsql": inner = withoutPrior { DoBlockReader.judge(plpgsqlBody: body, returns: function.returns, with: &$0) }
        case "sql": inner = withoutPrior { $0.judgeAll(sql: body) }
        default: return nil
        }
        return inner ?? .safe("empty", "runs no statement")
    }

    mutating func judgeOnTable(_ kind: String, _ node: ParseNode) -> Judgement {
        let table = ObjectName(rangeVar: node["relation"]) ?? ObjectName(rangeVar: node["table"]) ?? ObjectName(rangeVar: node["sequence"])
        let isNew = table.map(context.isNewRelation) ?? false
        let name = table?.description ?? "?"
        let own: Judgement
        switch kind {
        case _ where isNew:
            own = .safe("new-object", "\(name) is created in this migration set; the old binary does not use it")
        case "CreateTrigStmt":
            own = .review("create-trigger", "a trigger on \(name) changes what the old binary's writes do; read its function")
        case "AlterSeqStmt":
            own = node["options"].list.contains { $0["DefElem"]["defname"].string == "restart" }
                ? .unsafe("sequence-restart", "restarts sequence \(name): it hands out ids the old binary's rows already have")
                : .review("alter-sequence", "changes sequence \(name); check the ids the old binary gets stay unique")
        default:
            own = .review("row-level-security", "a policy on \(name) changes which rows the old binary sees and writes")
        }
        guard kind == "CreateTrigStmt" else { return own }
        return Judgement.worst([own, judgeTriggerFunction(node)]) ?? own
    }

    /// A trigger runs its function on every write it fires for, the migration's own included.
    private mutating func judgeTriggerFunction(_ node: ParseNode) -> Judgement {
        guard let function = ObjectName(parts: node["funcname"].names) else {
            return .review("calls-function", "a trigger whose function this checker cannot name; read it")
        }
        guard let known = context.function(function) else {
            return .review("calls-function", "the trigger runs \(function)(), which this checker cannot see into; read what it does")
        }
        guard let inner = judgeBody(of: known, named: function) else {
            return .review("calls-function", "the trigger runs \(function)(), whose body this checker cannot read")
        }
        guard inner.verdict > .safe else { return .safe("new-object", "the trigger runs \(function)(), created in this set; its body is safe") }
        return Judgement(verdict: inner.verdict, rule: "trigger-" + inner.rule, reason: "the trigger runs \(function)(), which \(inner.reason)")
    }

    func judgeAlterDomain(_ node: ParseNode) -> Judgement {
        let domain = ObjectName(parts: node["typeName"].names)
        if let domain, context.isNewType(domain) {
            return .safe("new-object", "\(domain) is created in this migration set")
        }
        let name = domain?.description ?? "?"
        switch node["subtype"].string {
        case "T":
            return node["def"].exists ? .safe("set-default", "a domain default only fills what the old binary leaves out")
                                      : .review("drop-default", "drops the default of domain \(name)")
        case "O": return .unsafe("set-not-null", "domain \(name) becomes NOT NULL; the old binary's NULL writes will fail")
        case "V": return .safe("validate-constraint", "validates a constraint that already checks new writes")
        case "C": return .review("add-check", "a constraint on domain \(name) rejects writes the old binary may make")
        default: return .review("alter-domain", "changes domain \(name); check the old binary's writes still pass")
        }
    }

    /// Built-in functions with no effect on schema, stored data or sequences: the allow-list a call must be on to stay SAFE.
    static let plainBuiltins: Set<String> = [
        "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "gen_random_uuid",
        "uuid_generate_v4", "nextval", "currval", "lastval", "lower", "upper", "length", "char_length",
        "substring", "substr", "trim", "btrim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "format", "md5",
        "left", "right", "split_part", "regexp_replace", "regexp_matches", "position", "strpos", "lpad", "rpad",
        "to_char", "to_date", "to_timestamp", "to_number", "date_trunc", "date_part", "extract", "age", "make_interval",
        "random", "floor", "ceil", "ceiling", "round", "abs", "trunc", "mod", "power", "sqrt",
        "count", "sum", "min", "max", "avg", "array_agg", "string_agg", "json_agg", "jsonb_agg", "bool_and", "bool_or",
        "row_number", "rank", "dense_rank", "array_length", "array_to_string", "string_to_array", "unnest",
        "generate_series", "cardinality", "to_json", "to_jsonb", "json_build_object", "jsonb_build_object",
        "json_build_array", "jsonb_build_array", "jsonb_set", "jsonb_strip_nulls", "row_to_json",
        "current_setting", "pg_advisory_lock", "pg_advisory_unlock", "pg_advisory_xact_lock",
        "pg_try_advisory_lock", "pg_try_advisory_xact_lock", "version", "current_database", "current_schema",
        "txid_current", "pg_sleep", "encode", "decode", "sha256", "coalesce", "nullif", "greatest", "least",
        "overlay", "timezone", "overlaps", "similar_to_escape", "pg_collation_for", "normalize", "is_normalized",
    ]
}
