/// DO blocks and PL/pgSQL bodies: read with libpg_query's PL/pgSQL parser, and every SQL statement
/// in them judged like a top-level one. A DO block runs code at migration time, so it is never SAFE.
enum DoBlockReader {
    /// A DO statement's language (lower case) and body.
    static func languageAndBody(ofDo node: ParseNode) -> (language: String, body: String) {
        let options = node["args"].list.map { $0["DefElem"] }
        let language = options.first { $0["defname"].string == "language" }?["arg"]["String"]["sval"].string?.lowercased() ?? "plpgsql"
        let body = options.first { $0["defname"].string == "as" }?["arg"]["String"]["sval"].string ?? ""
        return (language, body)
    }

    static func judge(doStatement node: ParseNode, with judge: inout StatementJudge) -> Judgement {
        let (language, body) = languageAndBody(ofDo: node)
        let floor = Judgement.review("do-block", "a DO block runs code at migration time; read it")
        guard language == "plpgsql" else {
            return .review("do-block", "a DO block in LANGUAGE \(language) runs code this checker cannot read; read it")
        }
        guard let inner = Self.judge(plpgsqlBody: body, with: &judge) else { return floor }
        guard inner.verdict == .unsafe else { return inner.rule == "do-block-unreadable" ? inner : floor }
        return Judgement(verdict: .unsafe, rule: "do-block-" + inner.rule, reason: "DO block: " + inner.reason)
    }

    /// The worst judgement of the SQL a PL/pgSQL body runs; nil when it runs none.
    static func judge(plpgsqlBody body: String, returns: String = "void", with judge: inout StatementJudge) -> Judgement? {
        let function = self.function(plpgsqlBody: body, returns: returns)
        switch judge.parsedPLpgSQL[function] ?? PostgresParser.parsePLpgSQL(function) {
        case .failure(let error):
            return .review("do-block-unreadable", "the PL/pgSQL body does not parse (\(error.message)); read it")
        case .success(let tree):
            var judgements: [Judgement] = []
            for statement in tree.descendants(where: { isExecutable($0) }) {
                judgements.append(judgeExecutable(statement, with: &judge))
            }
            // Every other expression runs too (assignments, conditions, defaults, RETURN): its calls count.
            for expression in expressions(in: tree) {
                judgements.append(judgeExpression(expression, with: &judge))
            }
            return Judgement.worst(judgements)
        }
    }

    private static let staticStatements = ["PLpgSQL_stmt_execsql": "sqlstmt", "PLpgSQL_stmt_perform": "expr",
                                           "PLpgSQL_stmt_call": "expr"]
    private static let dynamicStatements = ["PLpgSQL_stmt_dynexecute": "query", "PLpgSQL_stmt_dynfors": "query",
                                            "PLpgSQL_stmt_open": "dynquery", "PLpgSQL_stmt_return_query": "dynquery"]

    private static func isExecutable(_ node: ParseNode) -> Bool {
        guard let kind = node.kind else { return false }
        return staticStatements[kind] != nil || dynamicStatements[kind] != nil
    }

    private static func judgeExecutable(_ node: ParseNode, with judge: inout StatementJudge) -> Judgement {
        let kind = node.kind ?? ""
        if let key = staticStatements[kind] {
            let query = node.body[key]["PLpgSQL_expr"]["query"].string ?? ""
            return judge.judgeAll(sql: query) ?? .safe("empty", "no statement")
        }
        guard let key = dynamicStatements[kind], let expression = node.body[key]["PLpgSQL_expr"]["query"].string else {
            return .safe("empty", "no statement")
        }
        guard let sql = DynamicSQL.text(ofExpression: expression) else {
            return .review("dynamic-sql", "EXECUTE runs SQL built at run time (\(expression)); read it")
        }
        let parsed = PostgresParser.parse(sql)
        guard case .success = parsed else {
            return .review("dynamic-sql", "EXECUTE runs SQL built at run time (\(expression)); read it")
        }
        return judge.judgeAll(sql: sql, parsed: parsed) ?? .safe("empty", "no statement")
    }

    /// The query text of every PL/pgSQL expression that is not an executable statement's own SQL.
    private static func expressions(in tree: ParseNode) -> [String] {
        var found: [String] = []
        func visit(_ node: ParseNode) {
            if node.isObject {
                let expression = node["PLpgSQL_expr"]
                if expression.isObject {
                    if let query = expression["query"].string { found.append(query) }
                    return
                }
                if node.memberCount == 1, let kind = node.kind, let own = staticStatements[kind], node.body.isObject {
                    for (field, child) in node.body.members where field != own { visit(child) }
                    return
                }
            }
            for child in node.children { visit(child) }
        }
        visit(tree)
        return found
    }

    /// `x := f()`, `f() > 0`, `NEW`: read as `SELECT f()`; a whole statement (a FOR loop's query) as itself.
    private static func judgeExpression(_ query: String, with judge: inout StatementJudge) -> Judgement {
        let parsed = PostgresParser.parse(query)
        if case .success(let trees) = parsed, !trees.isEmpty {
            return judge.judgeAll(sql: query, parsed: parsed) ?? .safe("empty", "no statement")
        }
        var expression = Substring(query)
        if let assignment = query.range(of: ":="), query[..<assignment.lowerBound].allSatisfy(isTargetCharacter) {
            expression = query[assignment.upperBound...]
        }
        let select = "SELECT " + expression
        let parsedSelect = PostgresParser.parse(select)
        guard case .success = parsedSelect else {
            return .review("plpgsql-expression", "a PL/pgSQL expression this checker cannot read (\(query)); read it")
        }
        return judge.judgeAll(sql: select, parsed: parsedSelect) ?? .safe("empty", "no statement")
    }

    /// What an assignment's target may hold: `n`, `NEW.at`, `a[1]`, `"x".y`.
    private static func isTargetCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_.[]\" $".contains(character)
    }

    /// The function the PL/pgSQL parser is given for a body.
    static func function(plpgsqlBody body: String, returns: String = "void") -> String {
        "CREATE FUNCTION pg_temp.incident_console_block() RETURNS \(returns) LANGUAGE plpgsql AS " + dollarQuoted(body)
    }

    /// `$tag$body$tag$` with a tag the body does not contain.
    static func dollarQuoted(_ body: String) -> String {
        var tag = "$incident_console$"
        var counter = 0
        // Byte for byte, as the scanner reads a dollar quote (a Character search could miss a tag
        // followed by a combining mark).
        while body.containsBytes(tag) {
            counter += 1
            tag = "$incident_console\(counter)$"
        }
        return tag + body + tag
    }
}
