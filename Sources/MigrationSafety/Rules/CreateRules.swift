/// CREATE statements: new objects are invisible to the old binary, except the ones that replace
/// something it uses (OR REPLACE) or constrain its writes (a UNIQUE index).
extension StatementJudge {
    mutating func judgeCreate(_ kind: String, _ node: ParseNode) -> Judgement {
        // IF NOT EXISTS succeeds when the object is already there: only an unguarded CREATE proves newness.
        let proves = !node["if_not_exists"].bool
        switch kind {
        case "CreateStmt":
            guard let table = ObjectName(rangeVar: node["relation"]) else { return .safe("create-table", "a new table; the old binary does not use it") }
            if !proves, let existing = existingRelation(table) { return existing }
            if proves || prior?.provesNoRelation(table) == true { context.createdRelation(table) }
            return .safe("create-table", "a new table; the old binary does not use it")
        case "CreateTableAsStmt":
            if proves, let table = ObjectName(rangeVar: node["into"]["rel"]) { context.createdRelation(table) }
            return .safe("create-table", "a new table; the old binary does not use it")
        case "ViewStmt":
            return judgeCreateView(node)
        case "IndexStmt":
            return judgeCreateIndex(node, proves: proves)
        case "CreateFunctionStmt":
            return judgeCreateFunction(node)
        case "CreateEnumStmt", "CreateRangeStmt":
            if let type = ObjectName(parts: node["typeName"].names) { context.createdType(type) }
            return .safe("create-type", "a new type; the old binary does not use it")
        case "CompositeTypeStmt":
            if let type = ObjectName(rangeVar: node["typevar"]) { context.createdType(type) }
            return .safe("create-type", "a new type; the old binary does not use it")
        case "CreateDomainStmt":
            if let type = ObjectName(parts: node["domainname"].names) { context.createdType(type) }
            return .safe("create-type", "a new domain; the old binary does not use it")
        case "DefineStmt":
            if proves, !node["replace"].bool, node["kind"].string == "OBJECT_TYPE",
               let type = ObjectName(parts: node["defnames"].names) {
                context.createdType(type)
            }
            if node["kind"].string == "OBJECT_OPERATOR" { return judgeCreateOperator(node) }
            return .safe("create-type", "a new type, aggregate or operator; the old binary does not use it")
        case "CreateCastStmt":
            return judgeCreateCast(node)
        case "CreateSchemaStmt":
            // Its elements are statements of their own: the tree walk judges them after this.
            if !proves, let schema = node["schemaname"].string, let since = prior?.schema(schema) {
                return .safe("exists-no-op", "schema \(schema) exists since \(since); IF NOT EXISTS makes this a no-op")
            }
            if let schema = node["schemaname"].string, proves || prior?.provesNoSchema(schema) == true { context.createdSchema(schema) }
            return .safe("create-schema", "a new schema; the old binary does not use it")
        case "CreateSeqStmt":
            if !proves, let sequence = ObjectName(rangeVar: node["sequence"]), let existing = existingRelation(sequence) { return existing }
            if proves, let sequence = ObjectName(rangeVar: node["sequence"]) { context.createdRelation(sequence) }
            return .safe("create-sequence", "a new sequence; the old binary does not use it")
        case "CreateExtensionStmt":
            if proves, let name = node["extname"].string { context.createdExtension(name) }
            return .safe("create-extension", "a new extension; the old binary does not use it")
        default:
            return .review("unrecognised-statement", "\(kind) is not a statement this checker knows; read it")
        }
    }

    private mutating func judgeCreateView(_ node: ParseNode) -> Judgement {
        guard let view = ObjectName(rangeVar: node["view"]) else { return .review("create-view", "a view without a name") }
        let replacesExisting = node["replace"].bool && !context.isNewRelation(view)
        if !replacesExisting { context.createdRelation(view) }
        createdViews.append(view)
        if replacesExisting {
            return .review("replace-view", "CREATE OR REPLACE VIEW \(view) changes a view the old binary may read; check its columns")
        }
        return .safe("create-view", "a new view; the old binary does not use it")
    }

    private mutating func judgeCreateIndex(_ node: ParseNode, proves: Bool) -> Judgement {
        let table = ObjectName(rangeVar: node["relation"])
        if !proves, let indexName = node["idxname"].string,
           let existing = existingRelation(ObjectName(schema: table?.schema, name: indexName)) { return existing }
        if proves, let indexName = node["idxname"].string {
            context.createdRelation(ObjectName(schema: table?.schema, name: indexName))
        }
        guard node["unique"].bool else { return .safe("create-index", "a new index; reads and writes keep working") }
        if let table, context.isNewRelation(table) {
            return .safe("create-index", "a unique index on a table created in this migration set")
        }
        return .review("unique-index", "a UNIQUE index on \(table?.description ?? "a table") rejects duplicate writes the old binary may make")
    }

    private mutating func judgeCreateFunction(_ node: ParseNode) -> Judgement {
        let name = ObjectName(parts: node["funcname"].names)
        let noun = node["is_procedure"].bool ? "procedure" : "function"
        let replacesExisting = node["replace"].bool && !(name.map(context.isNewFunction) ?? false)
        if let name {
            let options = node["options"].list.map { $0["DefElem"] }
            let language = options.first { $0["defname"].string == "language" }?["arg"]["String"]["sval"].string ?? "sql"
            // A BEGIN ATOMIC body (sql_body) is kept as nil: a later call to it is reviewed, not read.
            let body = options.first { $0["defname"].string == "as" }?["arg"]["List"]["items"].names.first
            context.createdFunction(name, .init(language: language.lowercased(), body: body,
                                                returns: Self.returnType(node), isNew: !replacesExisting))
        }
        let created: Judgement = replacesExisting
            ? .review("replace-function", "CREATE OR REPLACE changes \(noun) \(name?.description ?? "") that the old binary may call; compare the bodies")
            : .safe("create-function", "a new \(noun), only defined here; the old binary does not call it")
        // A trigger function exists to be fired, by the migration's own writes or the old binary's: read it now.
        guard let name, Self.triggerReturnTypes.contains(node["returnType"]["names"].names.last ?? ""),
              let function = context.function(name) else { return created }
        guard let fired = judgeBody(of: function, named: name) else {
            return Judgement.worst([created, .review("trigger-function", "trigger function \(name) has a body this checker cannot read; read it")])!
        }
        guard fired.verdict > created.verdict else { return created }
        return Judgement(verdict: fired.verdict, rule: "trigger-function-" + fired.rule,
                         reason: "trigger function \(name) runs when its trigger fires, and \(fired.reason)")
    }

    /// `RETURNS …` as the PL/pgSQL parser needs it; a procedure, or OUT parameters, return void/record.
    static func returnType(_ node: ParseNode) -> String {
        let modes = Set(node["parameters"].list.compactMap { $0["FunctionParameter"]["mode"].string })
        if modes.contains("FUNC_PARAM_TABLE") { return "SETOF record" }
        if modes.contains("FUNC_PARAM_OUT") || modes.contains("FUNC_PARAM_INOUT") { return "record" }
        let type = node["returnType"]
        let names = type["names"].names
        guard !names.isEmpty else { return "void" }
        let array = type["arrayBounds"].list.isEmpty ? "" : "[]"
        return (type["setof"].bool ? "SETOF " : "") + names.map { "\"\($0)\"" }.joined(separator: ".") + array
    }

    /// An operator is its function: harmless when the set created that function and its body is.
    private mutating func judgeCreateOperator(_ node: ParseNode) -> Judgement {
        let symbol = node["defnames"].names.joined(separator: ".")
        let definition = node["definition"].list.map { $0["DefElem"] }
        let created = Judgement.safe("create-operator", "a new operator; the old binary does not use it")
        guard let function = definition.first(where: { ["function", "procedure"].contains($0["defname"].string ?? "") })
                .flatMap({ ObjectName(parts: $0["arg"]["TypeName"]["names"].names) }),
              let known = context.function(function), let body = judgeBody(of: known, named: function) else {
            return created // Its uses are REVIEW: the tree walk knows no harmless operator by that name.
        }
        guard body.verdict > .safe else {
            context.createdHarmlessOperator(symbol)
            return created
        }
        return Judgement(verdict: body.verdict, rule: "operator-function-" + body.rule,
                         reason: "operator \(symbol) runs \(function)() wherever it is used, and \(body.reason)")
    }

    /// A cast runs its function on every conversion; an implicit one also changes how the old binary's queries resolve.
    private mutating func judgeCreateCast(_ node: ParseNode) -> Judgement {
        let context = node["context"].string ?? ""
        let own: Judgement = context == "COERCION_IMPLICIT" || context == "COERCION_ASSIGNMENT"
            ? .review("create-cast", "an implicit or assignment cast changes how the old binary's expressions resolve")
            : .safe("create-cast", "a new explicit cast; the old binary does not write it")
        guard let function = ObjectName(parts: node["func"]["objname"].names) else { return own }
        guard let known = self.context.function(function), let body = judgeBody(of: known, named: function) else {
            return Judgement.worst([own, .review("calls-function", "the cast runs \(function)(), which this checker cannot see into; read what it does")])!
        }
        guard body.verdict > .safe else { return own }
        return Judgement(verdict: body.verdict, rule: "cast-function-" + body.rule,
                         reason: "the cast runs \(function)() on every conversion, and \(body.reason)")
    }

    /// CREATE … IF NOT EXISTS of a relation the old binary already had: nothing happens.
    private func existingRelation(_ name: ObjectName) -> Judgement? {
        guard let known = prior?.relation(name), !context.isNewRelation(name) else { return nil }
        return .safe("exists-no-op", "\(known.kind.rawValue) \(name) exists since \(known.since); IF NOT EXISTS makes this a no-op")
    }

    /// Return types of functions that only triggers run.
    static let triggerReturnTypes: Set<String> = ["trigger", "event_trigger"]
}
