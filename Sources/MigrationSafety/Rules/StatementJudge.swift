/// Judges statements one after another, remembering what earlier statements created.
struct StatementJudge: Sendable {
    var context = SchemaContext()
    /// The schema at the last good revision (`--repo`, Step 0); nil when it is not known, or no longer
    /// trusted after a statement of this set the model could not follow.
    var prior: KnownSchema?
    /// Renames and moves the old binary would miss, unless a later view keeps the old name working.
    var pendingShadows: [ShadowCandidate] = []
    /// Views created by the statements judged so far (drained by the caller).
    var createdViews: [ObjectName] = []

    struct ShadowCandidate: Sendable, Equatable { var oldName: ObjectName }
    /// Off: every text is split with the scanner's tokens and every statement parsed on its own, the
    /// slow way the fast paths must agree with (tests compare the two).
    var shortcuts = true
    /// PL/pgSQL functions (`DoBlockReader.function(plpgsqlBody:returns:)`) already parsed, by their text.
    var parsedPLpgSQL: [String: Result<ParseNode, ParserError>] = [:]

    /// Judges one statement's text: parses it (unless `parsed` is its parse already) and applies the rules to its tree.
    mutating func judge(_ statement: SQLStatement, parsed: Result<[ParseNode], ParserError>? = nil) -> Judgement {
        if let error = statement.lexicalError {
            return .review("parse-error", "the parser cannot read on from here (\(error.message)); nothing after it was checked")
        }
        switch parsed ?? PostgresParser.parse(statement.text) {
        case .failure(let error):
            return .review("parse-error", "PostgreSQL cannot parse this (\(error.message)\(Self.position(of: error, in: statement.text))); check it by hand")
        case .success(let trees):
            return Judgement.worst(trees.map { judge(tree: $0) }) ?? .safe("empty", "no statement")
        }
    }

    /// Judges all statements of a SQL text (a DO body's statement, a function body) as one.
    /// `parsed`: what `PostgresParser.parse(sql)` gave, when the caller already asked.
    mutating func judgeAll(sql: String, parsed: Result<[ParseNode], ParserError>? = nil) -> Judgement? {
        // A text without a `;` that parses is one statement (or none): the splitter would hand back that
        // text, which parses to the same tree. Its trees are judged as they are, without splitting,
        // scanning and parsing it again.
        if shortcuts, !sql.containsBytes(";"), case .success(let trees) = parsed ?? PostgresParser.parse(sql) {
            return Judgement.worst(trees.map { judge(tree: $0) })
        }
        return Judgement.worst(StatementSplitter.statements(in: sql, scanning: !shortcuts).map { judge($0) })
    }

    /// The statement's own rule, then everything nested in it: the worst wins, the statement's own on a tie.
    mutating func judge(tree: ParseNode) -> Judgement {
        let own = judgeStatement(tree)
        return Judgement.worst([own] + judgeNested(in: tree)) ?? own
    }

    private mutating func judgeStatement(_ tree: ParseNode) -> Judgement {
        guard let kind = tree.kind else { return .review("unrecognised-statement", "the parser returned an empty statement") }
        let node = tree.body
        if let fixed = Self.fixedVerdicts[kind] { return fixed }
        switch kind {
        case "CreateStmt", "CreateTableAsStmt", "ViewStmt", "IndexStmt", "CreateFunctionStmt",
             "CreateEnumStmt", "CompositeTypeStmt", "CreateDomainStmt", "CreateRangeStmt", "DefineStmt",
             "CreateSchemaStmt", "CreateSeqStmt", "CreateExtensionStmt", "CreateCastStmt":
            return judgeCreate(kind, node)
        case "AlterTableStmt": return judgeAlterTable(node)
        case "AlterEnumStmt": return judgeAlterEnum(node)
        case "RenameStmt": return judgeRename(node)
        case "AlterObjectSchemaStmt": return judgeSetSchema(node)
        case "DropStmt": return judgeDrop(node)
        case "TruncateStmt", "DeleteStmt", "UpdateStmt", "InsertStmt", "SelectStmt", "CallStmt", "MergeStmt":
            return judgeData(kind, node)
        case "VariableSetStmt", "DiscardStmt": return judgeSessionSetting(kind, node)
        case "TransactionStmt":
            return node["kind"].string == "TRANS_STMT_COMMIT_PREPARED"
                ? .review("commit-prepared", "commits a transaction prepared elsewhere; this checker cannot see what it did")
                : .safe("transaction", "transaction control")
        case "PrepareStmt":
            return .safe("prepare", "prepares a statement; its query is judged here as if it ran")
        case "ExecuteStmt":
            return .review("execute", "EXECUTE runs prepared statement \(node["name"].string ?? "?"); read what it runs")
        case "DoStmt": return withoutPrior { DoBlockReader.judge(doStatement: node, with: &$0) }
        case "GrantStmt", "GrantRoleStmt":
            return node["is_grant"].bool
                ? .safe("grant", "grants more privileges; the old binary keeps what it had")
                : .review("revoke", "revokes privileges; check the old binary's role does not need them")
        case "AlterDefaultPrivilegesStmt":
            return node["action"]["GrantStmt"]["is_grant"].bool
                ? .safe("grant", "grants default privileges on future objects")
                : .review("revoke", "revokes default privileges; check the old binary's role does not need them")
        case "CreateTrigStmt", "CreatePolicyStmt", "AlterPolicyStmt", "AlterSeqStmt":
            return judgeOnTable(kind, node)
        case "AlterDomainStmt": return judgeAlterDomain(node)
        default:
            return .review("unrecognised-statement", "\(kind) is not a statement this checker knows; read it")
        }
    }

    /// SET and RESET: a new search path changes what unqualified names mean; a new role changes who acts.
    private mutating func judgeSessionSetting(_ kind: String, _ node: ParseNode) -> Judgement {
        if kind == "DiscardStmt" {
            if node["target"].string == "DISCARD_ALL" { context.searchPathChanged() }
            return .safe("discard", "session only")
        }
        let name = node["name"].string ?? ""
        if name == "role" || name == "session_authorization" {
            return .review("set-role", "later statements run as another role; check what they create is usable by the old binary's role")
        }
        if name == "search_path" || node["kind"].string == "VAR_RESET_ALL" { context.searchPathChanged() }
        return .safe("set", "session setting for the migration")
    }

    private static func position(of error: ParserError, in text: String) -> String {
        guard let offset = error.byteOffset else { return "" }
        let source = SourceText(text)
        let line = source.line(atByte: offset)
        return line > 1 ? " at line \(line) of the statement" : " at character \(offset + 1)"
    }

    /// Statements whose verdict does not depend on what they touch.
    static let fixedVerdicts: [String: Judgement] = [
        "VariableShowStmt": .safe("show", "reads a setting"),
        "CommentStmt": .safe("comment", "a comment on an object changes nothing the binary uses"),
        "SecLabelStmt": .safe("security-label", "a label changes nothing the binary uses"),
        "RefreshMatViewStmt": .safe("refresh-materialized-view", "refreshes data; the shape stays"),
        "VacuumStmt": .safe("maintenance", "maintenance only"),
        "ReindexStmt": .safe("maintenance", "maintenance only"),
        "ClusterStmt": .safe("maintenance", "maintenance only"),
        "CheckPointStmt": .safe("maintenance", "maintenance only"),
        "LockStmt": .safe("lock", "locks for the migration's duration only"),
        "ExplainStmt": .safe("explain", "reads a plan"),
        "NotifyStmt": .safe("notify", "sends a notification"),
        "ListenStmt": .safe("listen", "session only"),
        "UnlistenStmt": .safe("listen", "session only"),
        "ConstraintsSetStmt": .safe("set-constraints", "transaction only"),
        "CreateRoleStmt": .safe("create-role", "a new role"),
        "CreateStatsStmt": .safe("create-statistics", "planner statistics only"),
        "CreateOpClassStmt": .review("create-operator-class", "an operator class's functions run when an index uses it; read them"),
        "CreateConversionStmt": .review("create-conversion", "a conversion's function may run on the old binary's connections; read it"),
        "DropdbStmt": .unsafe("drop-database", "drops a database the old binary connects to"),
        "DropOwnedStmt": .unsafe("drop-owned", "drops every object a role owns; the old binary may use them"),
        "DropRoleStmt": .review("drop-role", "drops a role; check the old binary does not log in as it"),
        "AlterRoleStmt": .review("alter-role", "changes a role; check the old binary's login still works"),
        "AlterRoleSetStmt": .review("alter-role", "changes a role's settings; check the old binary still works"),
        "AlterOwnerStmt": .review("change-owner", "changes an owner; check the old binary keeps its privileges"),
        "AlterFunctionStmt": .review("alter-function", "changes a function's behaviour; check the old binary's calls"),
        "AlterExtensionStmt": .review("alter-extension", "updates an extension; its functions may change"),
        "RuleStmt": .review("create-rule", "a rule rewrites the old binary's queries; read it"),
        "CreateEventTrigStmt": .review("create-event-trigger", "an event trigger runs on DDL; read it"),
        "CopyStmt": .review("copy", "COPY moves data in or out; check what it loads"),
    ]
}
