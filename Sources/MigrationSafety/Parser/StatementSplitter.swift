/// One statement of a migration, located in its file.
struct SQLStatement: Sendable, Equatable {
    /// From the statement's first token to its end (leading comments dropped), trimmed.
    var text: String
    /// 1-based line of the statement's first token.
    var line: Int
    /// Set when the scanner could not read on from here (an unterminated string, comment
    /// or dollar quote): the statement is everything that is left and cannot be classified.
    var lexicalError: ParserError?
}

/// Splits SQL into statements with libpg_query's scanner-based splitter.
enum StatementSplitter {
    static func statements(in sql: String) -> [SQLStatement] {
        let source = SourceText(sql)
        switch PostgresParser.split(sql) {
        case .success(let pieces):
            return statements(of: pieces, in: source, tokens: PostgresParser.scan(sql) ?? [])
        case .failure(let error):
            return statementsBefore(lexicalError: error, in: source)
        }
    }

    private static func statements(of pieces: [PostgresParser.Piece], in source: SourceText,
                                   tokens: [ScanToken]) -> [SQLStatement] {
        var result: [SQLStatement] = []
        var tokenIndex = 0
        for piece in pieces {
            let end = piece.byteOffset + piece.byteLength
            while tokenIndex < tokens.count,
                  tokens[tokenIndex].start < piece.byteOffset || tokens[tokenIndex].isComment {
                if tokens[tokenIndex].start >= end { break }
                tokenIndex += 1
            }
            // A piece with nothing but comments is not a statement.
            guard tokenIndex < tokens.count, tokens[tokenIndex].start < end else { continue }
            let start = tokens[tokenIndex].start
            let text = source.slice(start..<end).trimmingSQLWhitespace()
            if !text.isEmpty { result.append(SQLStatement(text: text, line: source.line(atByte: start))) }
        }
        return result
    }

    /// Keeps the statements that end before the unreadable token; the rest becomes one unreadable statement.
    private static func statementsBefore(lexicalError error: ParserError, in source: SourceText) -> [SQLStatement] {
        let errorOffset = min(error.byteOffset ?? 0, source.bytes.count)
        let prefix = source.slice(0..<errorOffset)
        let prefixTokens = PostgresParser.scan(prefix) ?? []
        // Only statements closed by a `;` before the error are whole.
        let lastSemicolonEnd = prefixTokens.last(where: { $0.kind == Int(UInt8(ascii: ";")) })?.end ?? 0
        var result: [SQLStatement] = []
        if lastSemicolonEnd > 0 {
            result = statements(in: source.slice(0..<lastSemicolonEnd))
        }
        let restStart = prefixTokens.first(where: { $0.start >= lastSemicolonEnd && !$0.isComment })?.start ?? errorOffset
        let rest = source.slice(restStart..<source.bytes.count).trimmingSQLWhitespace()
        let located = ParserError(message: error.message, byteOffset: errorOffset - restStart)
        result.append(SQLStatement(text: rest, line: source.line(atByte: restStart), lexicalError: located))
        return result
    }
}

extension String {
    func trimmingSQLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
