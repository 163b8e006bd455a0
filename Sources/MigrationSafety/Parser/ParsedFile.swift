import Foundation

/// A migration file split into statements and each statement parsed: the part of classifying that does
/// not depend on earlier statements, so it can run ahead on another core while the session judges.
struct ParsedFile: Sendable {
    var statements: [SQLStatement]
    /// `PostgresParser.parse` of each statement; nil for one with a lexical error (never parsed).
    var parsed: [Result<[ParseNode], ParserError>?]
    /// The PL/pgSQL the judge will read first, parsed here too: each top-level DO block's body and each
    /// trigger function's, by the function text `DoBlockReader` hands the parser (a text not here is
    /// parsed when it is judged, as before).
    var plpgsql: [String: Result<ParseNode, ParserError>] = [:]

    /// `sql`: a file's up sections; its statements are those of the text the session reads (NULs blanked).
    init(up sql: String) {
        statements = StatementSplitter.statements(in: ClassificationSession.blankingNUL(sql))
        parsed = statements.map { $0.lexicalError == nil ? PostgresParser.parse($0.text) : nil }
        for case .success(let trees) in parsed {
            for tree in trees { readAhead(tree) }
        }
    }

    private mutating func readAhead(_ tree: ParseNode) {
        let function: String
        switch tree.kind {
        case "DoStmt":
            let (language, body) = DoBlockReader.languageAndBody(ofDo: tree.body)
            guard language == "plpgsql" else { return }
            function = DoBlockReader.function(plpgsqlBody: body)
        case "CreateFunctionStmt":
            let node = tree.body
            guard StatementJudge.triggerReturnTypes.contains(node["returnType"]["names"].names.last ?? "") else { return }
            let options = node["options"].list.map { $0["DefElem"] }
            guard options.first(where: { $0["defname"].string == "language" })?["arg"]["String"]["sval"].string?.lowercased() == "plpgsql",
                  let body = options.first(where: { $0["defname"].string == "as" })?["arg"]["List"]["items"].names.first else { return }
            function = DoBlockReader.function(plpgsqlBody: body, returns: StatementJudge.returnType(node))
        default:
            return
        }
        if plpgsql[function] == nil { plpgsql[function] = PostgresParser.parsePLpgSQL(function) }
    }

    /// Each of `texts` (files' up sections) parsed, in order, by one thread running at most `lookahead` files
    /// ahead of `consume` (so memory stays that of a few files); on one core, or for one file, in line.
    static func inOrder(_ texts: [String], lookahead: Int = 4, consume: (Int, ParsedFile) -> Void) {
        guard texts.count > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else {
            for (index, text) in texts.enumerated() { consume(index, ParsedFile(up: text)) }
            return
        }
        let queue = Handoff(lookahead: max(1, lookahead))
        // A serial queue of its own, not a Thread per call (with one each, a test run of a few thousand
        // sets stopped on "Unable to create key": out of thread-specific-data keys), nor the global queue
        // (limited to one thread a core: callers blocked here on every one of them would starve it). A queue
        // without a target runs on dispatch's overcommitting pool, which always finds the producer a thread.
        DispatchQueue(label: "MigrationSafety.ParsedFile", qos: .userInitiated).async {
            for (index, text) in texts.enumerated() {
                queue.waitForRoom(before: index)
                queue.put(ParsedFile(up: text), at: index)
            }
        }
        for index in texts.indices { consume(index, queue.take(index)) }
    }

    /// The parsed files between the two threads, guarded by one condition variable.
    private final class Handoff: @unchecked Sendable {
        private let condition = NSCondition()
        private var ready: [Int: ParsedFile] = [:]
        private var taken = 0
        private let lookahead: Int

        init(lookahead: Int) { self.lookahead = lookahead }

        func waitForRoom(before index: Int) {
            condition.lock()
            while index - taken >= lookahead { condition.wait() }
            condition.unlock()
        }

        func put(_ file: ParsedFile, at index: Int) {
            condition.lock()
            ready[index] = file
            condition.broadcast()
            condition.unlock()
        }

        func take(_ index: Int) -> ParsedFile {
            condition.lock()
            defer { condition.unlock() }
            while ready[index] == nil { condition.wait() }
            taken = index + 1
            condition.broadcast()
            return ready.removeValue(forKey: index)!
        }
    }
}
