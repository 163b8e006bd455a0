/// CREATE statements: new objects are invisible to the old binary, except the ones that replace
/// something it uses (OR REPLACE) or constrain its writes (a UNIQUE index).
extension StatementJudge {
    mutating func judgeCreate(_ kind: String, _ node: ParseNode) -> Judgement {
        switch kind {
        case "CreateStmt":
            if let table = ObjectName(rangeVar: node["relation"]) { context.createdRelation(table) }
            return .safe("create-table", "a new table; the old binary does not use it")
        case "CreateTableAsStmt":
            if let table = ObjectName(rangeVar: node["into"]["rel"]) { context.createdRelation(table) }
            return .safe("create-table", "a new table; the old binary does not use it")
        case "ViewStmt":
            return judgeCreateView(node)
        case "IndexStmt":
            return judgeCreateIndex(node)
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
            if node["kind"].string == "OBJECT_TYPE", let type = ObjectName(parts: node["defnames"].names) {
                context.createdType(type)
            }
            return .safe("create-type", "a new type, aggregate or operator; the old binary does not use it")
        case "CreateSchemaStmt":
            if let schema = node["schemaname"].string { context.createdSchema(schema) }
            for element in node["schemaElts"].list { _ = judge(tree: element) }
            return .safe("create-schema", "a new schema; the old binary does not use it")
        case "CreateSeqStmt":
            if let sequence = ObjectName(rangeVar: node["sequence"]) { context.createdRelation(sequence) }
            return .safe("create-sequence", "a new sequence; the old binary does not use it")
        case "CreateExtensionStmt":
            if let name = node["extname"].string { context.createdExtension(name) }
            return .safe("create-extension", "a new extension; the old binary does not use it")
        default:
            return .review("unrecognised-statement", "\(kind) is not a statement this checker knows; read it")
        }
    }

    private mutating func judgeCreateView(_ node: ParseNode) -> Judgement {
        guard let view = ObjectName(rangeVar: node["view"]) else { return .review("create-view", "a view without a name") }
        let replacesExisting = node["replace"].bool && !context.isNewRelation(view)
        context.createdRelation(view)
        createdViews.append(view)
        if replacesExisting {
            return .review("replace-view", "CREATE OR REPLACE VIEW \(view) changes a view the old binary may read; check its columns")
        }
        return .safe("create-view", "a new view; the old binary does not use it")
    }

    private mutating func judgeCreateIndex(_ node: ParseNode) -> Judgement {
        let table = ObjectName(rangeVar: node["relation"])
        if let indexName = node["idxname"].string {
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
            context.createdFunction(name, .init(language: language.lowercased(), body: body))
        }
        if replacesExisting {
            return .review("replace-function", "CREATE OR REPLACE changes \(noun) \(name?.description ?? "") that the old binary may call; compare the bodies")
        }
        return .safe("create-function", "a new \(noun), only defined here; the old binary does not call it")
    }
}
