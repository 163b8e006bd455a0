/// Facts about expressions in the parse tree.
enum Expression {
    /// `NULL`, or `NULL::type`: a default that is no default.
    static func isNullConstant(_ node: ParseNode) -> Bool {
        if node["A_Const"].exists { return node["A_Const"]["isnull"].bool }
        if node["TypeCast"].exists { return isNullConstant(node["TypeCast"]["arg"]) }
        return !node.exists
    }

    /// Columns a CHECK expression requires to be NOT NULL: `c IS NOT NULL`, `NOT (c IS NULL)`,
    /// wherever they appear (conservative: `a IS NOT NULL OR b IS NOT NULL` counts both).
    static func columnsRequiredNotNull(_ node: ParseNode) -> [String] {
        var columns: [String] = []
        func visit(_ node: ParseNode, negated: Bool) {
            if node["NullTest"].exists {
                let test = node["NullTest"]
                let requiresValue = (test["nulltesttype"].string == "IS_NOT_NULL") != negated
                if requiresValue {
                    columns.append(test["arg"]["ColumnRef"]["fields"].names.last ?? "(expression)")
                }
                return
            }
            if node["BoolExpr"].exists {
                let flip = node["BoolExpr"]["boolop"].string == "NOT_EXPR"
                for arg in node["BoolExpr"]["args"].list { visit(arg, negated: negated != flip) }
                return
            }
            for child in node.children { visit(child, negated: negated) }
        }
        visit(node, negated: false)
        return columns
    }

    /// Whether an expression reads any column (a WHERE that reads none does not pick rows).
    static func readsColumns(_ node: ParseNode) -> Bool {
        !node.descendants { $0["ColumnRef"].exists || $0["SubLink"].exists || $0["FuncCall"].exists || $0["ParamRef"].exists }.isEmpty
    }

    /// Every function call in a subtree, by name parts.
    static func functionCalls(_ node: ParseNode) -> [[String]] {
        node.descendants { $0["FuncCall"].exists }.map { $0["FuncCall"]["funcname"].names }
    }
}
