/// Builds the schema at the last good revision by replaying its migration files, in their tool's order,
/// from libpg_query parse trees. A statement it cannot follow (a DO block, a function call, dynamic SQL)
/// makes everything known so far unknown: the model never guesses what code did.
public enum SchemaReplay {
    /// Replays the files (down migrations and down sections left out); `revision` names the model in reports.
    public static func replay(_ sources: [MigrationSource], revision: String) -> KnownSchema {
        var schema = KnownSchema()
        let (ordered, unknownOrder) = inToolOrder(sources)
        if let unknownOrder { schema.markIncomplete(unknownOrder) }
        for source in ordered {
            var replayer = Replayer(schema: schema, file: source.file ?? "-")
            replayer.apply(sql: source.sql)
            schema = replayer.schema
        }
        schema.fileCount = ordered.count
        schema.revision = revision
        schema.summary = "replayed \(ordered.count) migration file\(ordered.count == 1 ? "" : "s") at \(revision)"
        return schema
    }

    /// The up-migrations in the order their tool runs them, down sections blanked; none, with the
    /// reason, when that order cannot be known.
    public static func inToolOrder(_ sources: [MigrationSource]) -> (sources: [MigrationSource], unknownOrder: String?) {
        let ups = sources.filter { source in source.file.map { !DownMigration.isDownFile($0) } ?? true }
        let byPath = Dictionary(ups.map { ($0.file ?? "-", $0) }, uniquingKeysWith: { first, _ in first })
        switch MigrationOrder.sorted(ups.map { $0.file ?? "-" }) {
        case .success(let paths):
            return (paths.compactMap { byPath[$0] }.map { MigrationSource(file: $0.file, sql: MigrationClassifier.upSections(of: $0.sql)) }, nil)
        case .failure(let unknown):
            return ([], unknown.reason)
        }
    }

    /// The files a `git diff` adds (a history from the empty tree, or a release's new files); binary ones by name.
    public static func addedFiles(in diff: String) throws(MalformedDiff) -> (sources: [MigrationSource], binary: [String]) {
        var sources: [MigrationSource] = []
        var binary: [String] = []
        for change in try DiffReader.fileChanges(in: diff) where change.isNew && change.path.lowercased().hasSuffix(".sql") {
            if change.isBinary { binary.append(change.path); continue }
            var lines: [String] = []
            for hunk in change.hunks {
                for line in hunk.lines { if case .added(let text) = line { lines.append(text) } }
            }
            sources.append(MigrationSource(file: change.path, sql: lines.joined(separator: "\n")))
        }
        return (sources, binary)
    }

    /// Replays the files of `git diff EMPTY_TREE..REV -- GLOB` (every file added): their text, one process.
    public static func replay(historyDiff: String, revision: String) throws(MalformedDiff) -> KnownSchema {
        let (sources, binary) = try addedFiles(in: historyDiff)
        var schema = replay(sources, revision: revision)
        if let first = binary.first { schema.forgetEverything("git shows \(first) as binary") }
        return schema
    }
}

/// Applies one file's statements to the model.
struct Replayer {
    var schema: KnownSchema
    let file: String
    private var line = 0
    private let firstLine: Int

    init(schema: KnownSchema, file: String, firstLine: Int = 1) {
        self.schema = schema
        self.file = file
        self.firstLine = firstLine
    }

    private var here: String { "\(file):\(line)" }

    mutating func apply(sql: String) {
        for statement in StatementSplitter.statements(in: sql) {
            line = statement.line + firstLine - 1
            if statement.lexicalError != nil { schema.forgetEverything("\(here) cannot be read"); return }
            switch PostgresParser.parse(statement.text) {
            case .failure: schema.forgetEverything("\(here) does not parse")
            case .success(let trees): for tree in trees { apply(tree) }
            }
        }
    }

    private mutating func unknown(_ what: String) { schema.forgetEverything("\(here) (\(what))") }

    mutating func apply(_ tree: ParseNode) {
        defer {
            if let trigger = schema.eventTrigger { schema.forgetEverything("event trigger \(trigger) runs on every DDL statement") }
            // Until search_path is public again, an unqualified name may mean another schema's object.
            if let searchPath = schema.searchPathChanged { schema.forgetEverything("search_path changed at \(searchPath)") }
        }
        guard let kind = tree.kind else { return }
        let node = tree.body
        if Self.schemaNeutral.contains(kind) { return }
        switch kind {
        case "CreateStmt": createTable(node)
        case "CreateTableAsStmt":
            guard let name = ObjectName(rangeVar: node["into"]["rel"]) else { return unknown("CREATE TABLE AS") }
            if node["objtype"].string == "OBJECT_MATVIEW" {
                schema.addRelation(name, kind: .view, since: file)
            } else {
                schema.addTable(name, KnownSchema.Table(columnsComplete: false, since: file))
            }
        case "ViewStmt":
            if let name = ObjectName(rangeVar: node["view"]) { schema.addRelation(name, kind: .view, since: file) }
        case "IndexStmt":
            if let name = node["idxname"].string {
                let table = ObjectName(rangeVar: node["relation"])
                schema.addRelation(ObjectName(schema: table?.schema, name: name), kind: .index, since: file)
            }
        case "CreateSeqStmt":
            if let name = ObjectName(rangeVar: node["sequence"]) { schema.addRelation(name, kind: .sequence, since: file) }
        case "CreateEnumStmt", "CreateRangeStmt":
            if let name = ObjectName(parts: node["typeName"].names) { schema.addType(name, since: file) }
        case "CompositeTypeStmt":
            if let name = ObjectName(rangeVar: node["typevar"]) { schema.addType(name, since: file) }
        case "CreateDomainStmt":
            if let name = ObjectName(parts: node["domainname"].names) { schema.addType(name, since: file) }
        case "DefineStmt":
            if node["kind"].string == "OBJECT_TYPE", let name = ObjectName(parts: node["defnames"].names) { schema.addType(name, since: file) }
        case "CreateFunctionStmt":
            if let name = ObjectName(parts: node["funcname"].names) { schema.addFunction(name, since: file) }
        case "CreateSchemaStmt":
            if let name = node["schemaname"].string { schema.addSchema(name, since: file) }
            for element in node["schemaElts"].list { apply(element) }
        case "CreateExtensionStmt":
            schema.markForeignObjects("\(here) creates extension \(node["extname"].string ?? "?"), whose objects the model does not list")
        case "CreateTrigStmt":
            guard let table = ObjectName(rangeVar: node["relation"]) else { return unknown("a trigger on a table it cannot name") }
            schema.addTrigger(on: table)
        case "CreateEventTrigStmt":
            schema.eventTrigger = "\(node["trigname"].string ?? "?") (\(here))"
        case "AlterTableStmt": alterTable(node)
        case "RenameStmt": rename(node)
        case "DropStmt": drop(node)
        case "InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt", "MergeStmt", "CopyStmt":
            data(kind, node)
        case "VariableSetStmt":
            let name = node["name"].string ?? ""
            let kind = node["kind"].string ?? ""
            if kind == "VAR_RESET_ALL" || (name == "search_path" && (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT" || Self.keepsPublicFirst(node))) {
                schema.searchPathChanged = nil
            } else if name == "search_path" {
                schema.searchPathChanged = here
            }
        case "TransactionStmt":
            let kind = node["kind"].string ?? ""
            if kind.contains("ROLLBACK") || kind.contains("PREPARE") { unknown("rolls back or prepares a transaction") }
        default:
            unknown(kind)
        }
    }

    /// `SET search_path = public` (or `pg_catalog, public`): unqualified names still mean public. `"$user"` first could be a schema of the role's name.
    static func keepsPublicFirst(_ node: ParseNode) -> Bool {
        guard node["kind"].string == "VAR_SET_VALUE" else { return false }
        let values = node["args"].list.map { $0["A_Const"]["sval"]["sval"].string }
        guard !values.contains(nil), let first = values.firstIndex(of: "public") else { return false }
        return values[..<first].allSatisfy { $0 == "pg_catalog" }
    }

    /// Statements that change nothing the model holds.
    static let schemaNeutral: Set<String> = [
        "CommentStmt", "SecLabelStmt", "GrantStmt", "GrantRoleStmt", "AlterDefaultPrivilegesStmt", "CreateRoleStmt",
        "AlterRoleStmt", "AlterRoleSetStmt", "DropRoleStmt", "AlterOwnerStmt", "VacuumStmt", "ReindexStmt", "ClusterStmt",
        "CheckPointStmt", "LockStmt", "NotifyStmt", "ListenStmt", "UnlistenStmt", "ConstraintsSetStmt", "CreateStatsStmt",
        "RefreshMatViewStmt", "VariableShowStmt", "CreatePolicyStmt", "AlterPolicyStmt", "AlterSeqStmt", "AlterEnumStmt",
        "DiscardStmt", "CreateCastStmt", "AlterDomainStmt",
    ]

    /// Data statements change no schema, unless they run code: a trigger, or a function outside the plain built-ins.
    private mutating func data(_ kind: String, _ node: ParseNode) {
        // SELECT … INTO makes a table, as CREATE TABLE AS does, without saying its columns.
        if node["intoClause"].exists { return unknown("SELECT … INTO creates a table") }
        let calls = Expression.functionCalls(node)
        if let call = calls.first(where: { parts in
            guard let name = ObjectName(parts: parts) else { return true }
            return !((name.schema == nil || name.schema == "pg_catalog") && StatementJudge.plainBuiltins.contains(name.name.lowercased()))
        }) {
            return unknown("calls \(call.joined(separator: "."))()")
        }
        if !node.descendants(where: { $0.statementKind.map { $0 != "SelectStmt" } ?? false }).isEmpty {
            return unknown("a statement nested in \(kind)")
        }
        let target = ObjectName(rangeVar: node["relation"])
        if let target, schema.hasTriggers(target) { unknown("fires a trigger on \(target)") }
    }

    private mutating func createTable(_ node: ParseNode) {
        guard let name = ObjectName(rangeVar: node["relation"]) else { return unknown("CREATE TABLE without a name") }
        if node["if_not_exists"].bool, schema.relation(name) != nil { return }
        // It may or may not have made the table: what the table holds stays unknown.
        if node["if_not_exists"].bool, !schema.provesNoRelation(name) { return schema.removeRelation(name) }
        var table = KnownSchema.Table(since: file)
        table.columnsComplete = node["inhRelations"].list.isEmpty && !node["ofTypename"].exists && node["partbound"].exists == false
        var primaryKey: Set<String> = []
        for element in node["tableElts"].list {
            if element["ColumnDef"].exists {
                let (column, facts) = columnFacts(element["ColumnDef"])
                table.columns[column] = facts
            } else if element["Constraint"].exists {
                if element["Constraint"]["contype"].string == "CONSTR_PRIMARY" {
                    primaryKey.formUnion(element["Constraint"]["keys"].names)
                }
            } else {
                table.columnsComplete = false // LIKE other_table
            }
        }
        for column in primaryKey { table.columns[column]?.notNull = true }
        schema.addTable(name, table)
    }

    private func columnFacts(_ definition: ParseNode) -> (String, KnownSchema.Column) {
        let name = definition["colname"].string ?? "?"
        let type = ColumnType(typeName: definition["typeName"], userTypes: schema.isUserType)
        let constraints = definition["constraints"].list.map { $0["Constraint"]["contype"].string ?? "" }
        let serial = type?.isSerial ?? false
        let notNull = serial || constraints.contains("CONSTR_NOTNULL") || constraints.contains("CONSTR_PRIMARY") || constraints.contains("CONSTR_IDENTITY")
        let hasDefault = serial || constraints.contains("CONSTR_DEFAULT") || constraints.contains("CONSTR_IDENTITY") || constraints.contains("CONSTR_GENERATED")
        return (name, KnownSchema.Column(type: type?.resolvingSerial, notNull: notNull, hasDefault: hasDefault,
                                         typeSince: file, nullabilitySince: file))
    }

    private mutating func alterTable(_ node: ParseNode) {
        guard let table = ObjectName(rangeVar: node["relation"]) else { return unknown("ALTER TABLE without a name") }
        if node["objtype"].string != "OBJECT_TABLE" { return } // ALTER INDEX/VIEW/SEQUENCE … settings
        for command in node["cmds"].list.map({ $0["AlterTableCmd"] }) {
            let column = command["name"].string ?? ""
            switch command["subtype"].string ?? "" {
            case "AT_AddColumn":
                let (name, facts) = columnFacts(command["def"]["ColumnDef"])
                // ADD COLUMN IF NOT EXISTS changes nothing when the column is there, and is unknown when that is not known.
                if command["missing_ok"].bool, !schema.provesNoColumn(name, of: table) { continue }
                schema.updateTable(table) { $0.columns[name] = facts }
            case "AT_DropColumn":
                schema.updateTable(table) { $0.columns[column] = nil }
            case "AT_AlterColumnType":
                let type = ColumnType(typeName: command["def"]["ColumnDef"]["typeName"], userTypes: schema.isUserType)
                let file = self.file
                schema.updateTable(table) {
                    $0.columns[column]?.type = type
                    $0.columns[column]?.typeSince = file
                }
            case "AT_SetNotNull", "AT_DropNotNull":
                let notNull = command["subtype"].string == "AT_SetNotNull", file = self.file
                schema.updateTable(table) {
                    $0.columns[column]?.notNull = notNull
                    $0.columns[column]?.nullabilitySince = file
                }
            case "AT_ColumnDefault":
                let has = command["def"].exists
                schema.updateTable(table) { $0.columns[column]?.hasDefault = has }
            case "AT_AddConstraint":
                let constraint = command["def"]["Constraint"]
                if constraint["contype"].string == "CONSTR_PRIMARY" {
                    let file = self.file
                    schema.updateTable(table) { known in
                        for key in constraint["keys"].names {
                            known.columns[key]?.notNull = true
                            known.columns[key]?.nullabilitySince = file
                        }
                    }
                }
            case "AT_DropConstraint":
                // A dropped primary key may or may not leave NOT NULL behind: nullability is no longer known.
                schema.updateTable(table) { known in for key in known.columns.keys { known.columns[key]?.notNull = nil } }
            case "AT_AddInherit", "AT_DropInherit", "AT_AttachPartition", "AT_DetachPartition", "AT_DetachPartitionFinalize":
                schema.updateTable(table) { $0.columnsComplete = false }
            case "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity", "AT_DropExpression":
                schema.updateTable(table) { $0.columns[column]?.notNull = nil; $0.columns[column]?.hasDefault = nil }
            default:
                if StatementJudge.alterTableActions[command["subtype"].string ?? ""] == nil { unknown("ALTER TABLE \(command["subtype"].string ?? "?")") }
            }
        }
    }

    private mutating func rename(_ node: ParseNode) {
        let newName = node["newname"].string ?? ""
        switch node["renameType"].string ?? "" {
        case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_INDEX", "OBJECT_FOREIGN_TABLE":
            guard let name = ObjectName(rangeVar: node["relation"]) else { return unknown("RENAME without a name") }
            schema.renameRelation(name, to: newName)
        case "OBJECT_TYPE", "OBJECT_DOMAIN":
            guard let name = ObjectName(parts: ObjectName.parts(ofObject: node["object"])) else { return unknown("RENAME TYPE") }
            schema.removeType(name)
            schema.addType(ObjectName(schema: name.schema, name: newName), since: file)
        case "OBJECT_COLUMN":
            guard let table = ObjectName(rangeVar: node["relation"]), let old = node["subname"].string else { return unknown("RENAME COLUMN") }
            schema.updateTable(table) { known in
                if let facts = known.columns.removeValue(forKey: old) { known.columns[newName] = facts }
            }
        case "OBJECT_TABCONSTRAINT", "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE":
            return
        default:
            unknown("RENAME \(node["renameType"].string?.droppingObjectPrefix ?? "?")")
        }
    }

    private mutating func drop(_ node: ParseNode) {
        if node["behavior"].string == "DROP_CASCADE" { return unknown("DROP … CASCADE drops what depends on it") }
        let objects = node["objects"].list.map(ObjectName.parts(ofObject:))
        for parts in objects {
            switch node["removeType"].string ?? "" {
            case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE", "OBJECT_INDEX", "OBJECT_FOREIGN_TABLE":
                if let name = ObjectName(parts: parts) { schema.removeRelation(name) }
            case "OBJECT_TYPE", "OBJECT_DOMAIN":
                if let name = ObjectName(parts: parts) { schema.removeType(name) }
            case "OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE":
                if let name = ObjectName(parts: parts) { schema.removeFunction(name) }
            case "OBJECT_SCHEMA":
                if let name = parts.last { schema.removeSchema(name) }
            case "OBJECT_TRIGGER", "OBJECT_POLICY", "OBJECT_RULE", "OBJECT_AGGREGATE", "OBJECT_OPERATOR", "OBJECT_CAST":
                continue
            default:
                unknown("DROP \(node["removeType"].string?.droppingObjectPrefix ?? "?")")
            }
        }
    }
}
