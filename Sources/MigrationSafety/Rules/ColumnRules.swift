/// Adding columns, changing their types, adding constraints.
extension StatementJudge {
    mutating func judgeAddColumn(_ column: ParseNode, table: ObjectName) -> Judgement {
        let name = column["colname"].string ?? "?"
        let constraints = column["constraints"].list.map { $0["Constraint"] }
        let types = Set(constraints.compactMap { $0["contype"].string })
        let hasRealDefault = Self.serialTypes.contains(column["typeName"]["names"].names.last ?? "")
            || types.contains("CONSTR_IDENTITY") || types.contains("CONSTR_GENERATED")
            || constraints.contains { $0["contype"].string == "CONSTR_DEFAULT" && !Expression.isNullConstant($0["raw_expr"]) }
        let checks = constraints.filter { $0["contype"].string == "CONSTR_CHECK" }
        let notNull = types.contains("CONSTR_NOTNULL") || types.contains("CONSTR_PRIMARY")
            || checks.contains { !Expression.columnsRequiredNotNull($0["raw_expr"]).isEmpty }
        context.addedColumn(name, to: table, .init(hasRealDefault: hasRealDefault, notNull: notNull))

        let column = "\(table).\(name)"
        var judgements: [Judgement] = []
        if notNull && !hasRealDefault {
            judgements.append(.unsafe("add-column-not-null-without-default",
                                      "\(column) is NOT NULL without a real default; the old binary's inserts will fail"))
        } else if notNull {
            judgements.append(.review("add-column-not-null-with-default",
                                      "\(column) is NOT NULL with a default; check the old binary never writes NULL into it"))
        } else {
            judgements.append(.safe("add-column-nullable", "\(column) is nullable; the old binary leaves it out"))
        }
        if types.contains("CONSTR_FOREIGN") {
            judgements.append(.review("add-column-references", "\(column) REFERENCES another table; its default must exist there"))
        }
        if types.contains("CONSTR_UNIQUE") || types.contains("CONSTR_PRIMARY") {
            judgements.append(.review("add-column-unique", "\(column) is unique; rows the old binary inserts share its default"))
        }
        if !checks.isEmpty {
            judgements.append(.review("add-column-check", "\(column) has a CHECK the old binary's inserts must pass"))
        }
        return Judgement.worst(judgements)!
    }

    /// Widening keeps every old value and the old binary's writes; anything else may not.
    func judgeTypeChange(_ definition: ParseNode, column: String) -> Judgement {
        let typeName = definition["typeName"]
        if definition["raw_default"].exists {
            return .unsafe("change-type-using", "changes \(column)'s type with USING, rewriting values the old binary reads")
        }
        let names = typeName["names"].names
        let isBuiltin = names.count == 1 || (names.count == 2 && names[0] == "pg_catalog")
        let base = names.last ?? ""
        let unbounded = typeName["typmods"].list.isEmpty
        let isArray = !typeName["arrayBounds"].list.isEmpty || typeName["setof"].bool
        if isBuiltin && !isArray && (base == "text" || base == "int8" || (unbounded && (base == "varchar" || base == "numeric"))) {
            return .review("widen-type", "widens \(column) to \(Self.displayName(base)); check the old binary reads the wider values")
        }
        return .unsafe("change-type", "changes \(column)'s type to \(names.joined(separator: ".")); the old binary may fail to read or write it")
    }

    mutating func judgeAddConstraint(_ constraint: ParseNode, table: ObjectName) -> Judgement {
        let notValid = constraint["skip_validation"].bool ? " (NOT VALID still checks new writes)" : ""
        switch constraint["contype"].string {
        case "CONSTR_CHECK":
            let required = Expression.columnsRequiredNotNull(constraint["raw_expr"])
            let allNewWithDefault = required.allSatisfy { context.newColumn($0, of: table)?.hasRealDefault == true }
            if !required.isEmpty && !allNewWithDefault {
                return .unsafe("check-not-null", "CHECK requires \(required.map { "\(table).\($0)" }.joined(separator: ", ")) NOT NULL; the old binary's inserts that leave it NULL will fail")
            }
            return .review("add-check", "a CHECK on \(table) rejects writes the old binary may make\(notValid)")
        case "CONSTR_FOREIGN":
            return .review("add-foreign-key", "a FOREIGN KEY on \(table) rejects writes the old binary may make\(notValid)")
        case "CONSTR_UNIQUE":
            return .review("add-unique", "a UNIQUE constraint on \(table) rejects duplicate writes the old binary may make")
        case "CONSTR_PRIMARY":
            return .review("add-primary-key", "a PRIMARY KEY on \(table) rejects NULL and duplicate writes the old binary may make")
        case "CONSTR_EXCLUSION":
            return .review("add-exclusion", "an EXCLUDE constraint on \(table) rejects writes the old binary may make")
        default:
            return .review("add-constraint", "a constraint on \(table) may reject writes the old binary makes\(notValid)")
        }
    }

    static let serialTypes: Set<String> = ["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]

    private static func displayName(_ base: String) -> String {
        ["int8": "bigint", "varchar": "varchar"][base] ?? base
    }
}
