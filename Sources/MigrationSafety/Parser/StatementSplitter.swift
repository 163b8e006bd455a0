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
            guard let tokens = PostgresParser.scan(sql) else {
                // The splitter read it and the scanner did not: judge nothing by halves.
                let error = ParserError(message: "the scanner cannot read this text", byteOffset: nil)
                return [SQLStatement(text: sql.trimmingSQLWhitespace(), line: 1, lexicalError: error)]
            }
            return statements(of: pieces, in: source, tokens: tokens)
        case .failure(let error):
            return statementsBefore(lexicalError: error, in: source)
        }
    }

    /// Each piece from its first token, and every run of tokens that no piece covers: libpg_query's
    /// splitter leaves out text it cannot make a statement of (`TRUNCA\u{7F}TE x;`, an unclosed
    /// parenthesis), and text left out would never be judged.
    private static func statements(of pieces: [PostgresParser.Piece], in source: SourceText,
                                   tokens: [ScanToken]) -> [SQLStatement] {
        var ranges: [Range<Int>] = []
        var pieceIndex = 0
        var gap: Range<Int>?
        var current: (piece: Int, start: Int)?
        func closeGap() { if let open = gap { ranges.append(open); gap = nil } }
        for token in tokens where !token.isComment {
            while pieceIndex < pieces.count, pieces[pieceIndex].byteOffset + pieces[pieceIndex].byteLength <= token.start {
                pieceIndex += 1
            }
            let inPiece = pieceIndex < pieces.count && pieces[pieceIndex].byteOffset <= token.start
            if inPiece {
                closeGap()
                if current?.piece != pieceIndex {
                    if let open = current { ranges.append(open.start..<end(of: pieces[open.piece])) }
                    current = (pieceIndex, token.start)
                }
            } else if token.kind == Int(UInt8(ascii: ";")) {
                closeGap()
            } else {
                gap = (gap?.lowerBound ?? token.start)..<token.end
            }
        }
        closeGap()
        if let open = current { ranges.append(open.start..<end(of: pieces[open.piece])) }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }.compactMap { range in
            let text = source.slice(range).trimmingSQLWhitespace()
            return text.isEmpty ? nil : SQLStatement(text: text, line: source.line(atByte: range.lowerBound))
        }
    }

    private static func end(of piece: PostgresParser.Piece) -> Int { piece.byteOffset + piece.byteLength }

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
