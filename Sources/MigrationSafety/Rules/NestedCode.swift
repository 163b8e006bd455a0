/// Everything a statement runs besides itself, wherever it sits in the tree: nested statements (CTEs,
/// INSERT … SELECT, PREPARE, EXPLAIN ANALYZE, COPY (query), a rule's actions, CREATE SCHEMA's
/// elements) are judged as statements, and every function call against the allow-list. SAFE needs all of it SAFE.
extension StatementJudge {
    mutating func judgeNested(in tree: ParseNode) -> [Judgement] {
        guard let kind = tree.kind, !Self.definesCodeOnly.contains(kind) else { return [] }
        var found: [Judgement] = []
        visit(tree.body, into: &found)
        return found
    }

    private mutating func visit(_ node: ParseNode, into found: inout [Judgement]) {
        // Node types are capitalised (`SelectStmt`, `FuncCall`); fields are not (`selectStmt`).
        if let kind = node.nodeType {
            if kind.hasSuffix("Stmt") {
                found.append(judge(tree: node))
                return
            }
            if kind == "FuncCall", let call = judgeCall(node.body) { found.append(call) }
            if kind == "A_Expr", let use = judgeOperator(node.body) { found.append(use) }
        }
        node.forEachChild { visit($0, into: &found) }
    }

    /// An operator runs a function: a built-in one, or one the set created with a harmless function, is
    /// fine; any other (a user's `===`, `OPERATOR(s.+)`) is for a person to check. nil: harmless.
    private func judgeOperator(_ expression: ParseNode) -> Judgement? {
        let names = expression["name"].names
        guard let symbol = names.last else { return nil }
        let qualified = names.count > 1 && names.first != "pg_catalog"
        if !qualified, Self.builtinOperators.contains(symbol) || context.harmlessOperators.contains(symbol) { return nil }
        return .review("operator", "uses operator \(names.joined(separator: ".")), whose function this checker cannot see into; read it")
    }

    /// PostgreSQL's own operators (and the words the parser puts in their place).
    static let builtinOperators: Set<String> = [
        "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "|/", "||/", "@", "&", "|", "#", "~",
        "<<", ">>", "||", "~~", "!~~", "~~*", "!~~*", "~*", "!~", "!~*", "@>", "<@", "&&", "?", "?|", "?&", "->",
        "->>", "#>", "#>>", "#-", "@@", "@@@", "<->", "&<", "&>", "<<|", "|>>", "&<|", "|&>", "-|-", "<^", ">^",
        "?#", "?-", "?-|", "?||", "@-@", "<<=", ">>=", "!!", "^@",
        "BETWEEN", "NOT BETWEEN", "BETWEEN SYMMETRIC", "NOT BETWEEN SYMMETRIC",
    ]

    /// Statements whose subtree is code kept for later (a BEGIN ATOMIC body, parameter defaults), not run now.
    static let definesCodeOnly: Set<String> = ["CreateFunctionStmt"]
}
