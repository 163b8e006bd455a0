/// ALTER TABLE: each action is judged on its own; the statement gets the worst of them.
extension StatementJudge {
    mutating func judgeAlterTable(_ node: ParseNode) -> Judgement {
        guard let table = ObjectName(rangeVar: node["relation"]) else {
            return .review("alter-table", "ALTER TABLE without a table name")
        }
        let subtypes = node["cmds"].list.compactMap { $0["AlterTableCmd"]["subtype"].string }
        // Partitions and parents are other tables: attaching one to a new table still changes the old one.
        if context.isNewRelation(table), Self.reachesOtherTables.isDisjoint(with: subtypes) {
            return .safe("new-object", "\(table) is created in this migration set; the old binary does not use it")
        }
        let actions = node["cmds"].list.map { judgeAlterTableAction($0["AlterTableCmd"], table: table) }
        return Judgement.worst(actions) ?? .safe("alter-table", "no actions")
    }

    private mutating func judgeAlterTableAction(_ cmd: ParseNode, table: ObjectName) -> Judgement {
        let subtype = cmd["subtype"].string ?? "?"
        let column = cmd["name"].string ?? ""
        let newColumn = context.newColumn(column, of: table)
        switch subtype {
        case "AT_AddColumn":
            if cmd["missing_ok"].bool, let name = cmd["def"]["ColumnDef"]["colname"].string,
               let existing = judgeAddExistingColumn(table: table, column: name) { return existing }
            return judgeAddColumn(cmd["def"]["ColumnDef"], table: table)
        case "AT_AlterColumnType":
            if newColumn != nil { return .safe("new-object", "\(table).\(column) is added in this migration set") }
            if let known = judgeTypeChangeAgainstPrior(cmd["def"]["ColumnDef"], table: table, column: column) { return known }
            var judged = judgeTypeChange(cmd["def"]["ColumnDef"], column: "\(table).\(column)")
            judged.reason += unknownNote("\(table).\(column)'s type")
            return judged
        case "AT_AddConstraint":
            return judgeAddConstraint(cmd["def"]["Constraint"], table: table)
        case "AT_DropColumn":
            if newColumn != nil { return .safe("new-object", "\(table).\(column) is added in this migration set") }
            if cmd["missing_ok"].bool, let absent = judgeDropAbsentColumn(table: table, column: column) { return absent }
            let known = priorColumn(column, of: table).map { " (\(table).\(column) exists since \($0.typeSince))" }
            return .unsafe("drop-column", "drops \(table).\(column), which the old binary reads and writes" + (known ?? unknownNote("\(table).\(column)")))
        case "AT_SetNotNull":
            if let newColumn {
                context.addedColumn(column, to: table, .init(hasRealDefault: newColumn.hasRealDefault, notNull: true))
                if newColumn.hasRealDefault {
                    return .review("add-column-not-null-with-default", "\(table).\(column) is new and NOT NULL with a default; old inserts get the default")
                }
            }
            if newColumn == nil, let known = judgeSetNotNullAgainstPrior(table: table, column: column) { return known }
            return .unsafe("set-not-null", "SET NOT NULL on \(table).\(column): the old binary's inserts that leave it NULL will fail"
                           + (priorColumn(column, of: table)?.notNull == false ? "" : unknownNote("whether \(table).\(column) was NOT NULL")))
        case "AT_DropNotNull" where newColumn == nil:
            return judgeDropNotNullAgainstPrior(table: table, column: column)
                ?? .review("drop-not-null", "the column may now hold NULLs; check the old binary reads them safely" + unknownNote("\(table).\(column)"))
        case "AT_SetIdentity" where cmd["def"]["List"]["items"].list.contains { $0["DefElem"]["defname"].string == "restart" }:
            return .unsafe("sequence-restart", "restarts the identity of \(table).\(column): it hands out ids the old binary's rows already have")
        case "AT_ColumnDefault":
            return judgeColumnDefault(cmd, table: table, column: column, newColumn: newColumn)
        default:
            return Self.alterTableActions[subtype]
                ?? .review("unrecognised-alter-table", "\(subtype) is not an ALTER TABLE action this checker knows; read it")
        }
    }

    private mutating func judgeColumnDefault(_ cmd: ParseNode, table: ObjectName, column: String,
                                             newColumn: SchemaContext.NewColumn?) -> Judgement {
        let setsDefault = cmd["def"].exists
        if var newColumn {
            newColumn.hasRealDefault = setsDefault && !Expression.isNullConstant(cmd["def"])
            context.addedColumn(column, to: table, newColumn)
            if newColumn.notNull && !newColumn.hasRealDefault {
                return .unsafe("drop-default", "\(table).\(column) is NOT NULL without a default now; the old binary's inserts will fail")
            }
            return .safe("new-object", "\(table).\(column) is added in this migration set")
        }
        return setsDefault
            ? .safe("set-default", "a default only fills columns the old binary leaves out")
            : .review("drop-default", "drops the default of \(table).\(column); old inserts that relied on it may fail")
    }

    static let reachesOtherTables: Set<String> = ["AT_AttachPartition", "AT_DetachPartition", "AT_DetachPartitionFinalize",
                                                  "AT_AddInherit", "AT_DropInherit"]

    /// ALTER TABLE actions whose verdict does not depend on their arguments.
    static let alterTableActions: [String: Judgement] = {
        let physical = Judgement.safe("storage-setting", "a storage or planner setting; the shape stays")
        let rowSecurity = Judgement.review("row-level-security", "row-level security changes which rows the old binary sees and writes")
        let trigger = Judgement.review("trigger", "enabling or disabling triggers changes what the old binary's writes do")
        var table: [String: Judgement] = [
            "AT_ValidateConstraint": .safe("validate-constraint", "validates a constraint that already checks new writes"),
            "AT_DropNotNull": .review("drop-not-null", "the column may now hold NULLs; check the old binary reads them safely"),
            "AT_DropConstraint": .review("drop-constraint", "the old binary may rely on what the constraint guaranteed"),
            "AT_AlterConstraint": .review("alter-constraint", "changes when a constraint is checked"),
            "AT_EnableRowSecurity": rowSecurity, "AT_DisableRowSecurity": rowSecurity,
            "AT_ForceRowSecurity": rowSecurity, "AT_NoForceRowSecurity": rowSecurity,
            "AT_ChangeOwner": .review("change-owner", "changes the owner; check the old binary keeps its privileges"),
            "AT_AttachPartition": .review("partition", "attaching a partition adds its constraint to the old binary's writes"),
            "AT_DetachPartition": .review("partition", "detached rows disappear from the old binary's reads"),
            "AT_DetachPartitionFinalize": .review("partition", "detached rows disappear from the old binary's reads"),
            "AT_AddInherit": .review("inheritance", "changes which rows the old binary reads"),
            "AT_DropInherit": .review("inheritance", "changes which rows the old binary reads"),
            "AT_AddIdentity": .review("identity", "changes how the column is filled"),
            "AT_SetIdentity": .review("identity", "changes how the column is filled"),
            "AT_DropIdentity": .review("identity", "old inserts that relied on the identity may fail"),
            "AT_DropExpression": .review("generated-column", "the column is no longer computed"),
            "AT_AddIndexConstraint": .review("add-unique", "a constraint from an index rejects writes the old binary may make"),
            "AT_SetUnLogged": .review("unlogged", "an unlogged table loses its rows on a crash"),
            "AT_SetLogged": physical,
        ]
        for subtype in ["AT_SetStatistics", "AT_SetOptions", "AT_ResetOptions", "AT_SetStorage", "AT_SetCompression",
                        "AT_ClusterOn", "AT_DropCluster", "AT_SetRelOptions", "AT_ResetRelOptions",
                        "AT_ReplaceRelOptions", "AT_SetTableSpace", "AT_SetAccessMethod", "AT_ReplicaIdentity"] {
            table[subtype] = physical
        }
        for subtype in ["AT_EnableTrig", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_DisableTrig",
                        "AT_EnableTrigAll", "AT_DisableTrigAll", "AT_EnableTrigUser", "AT_DisableTrigUser",
                        "AT_EnableRule", "AT_EnableAlwaysRule", "AT_EnableReplicaRule", "AT_DisableRule"] {
            table[subtype] = trigger
        }
        return table
    }()
}
