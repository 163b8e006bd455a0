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
    /// `scanning`: always take the scanner's tokens (the slow way, kept for tests to compare against).
    static func statements(in sql: String, scanning: Bool = false) -> [SQLStatement] {
        let source = SourceText(sql)
        switch PostgresParser.split(sql) {
        case .success(let pieces):
            if !scanning, let ranges = rangesWithoutScanning(pieces, in: source.bytes) {
                return statements(of: ranges, in: source)
            }
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
        return statements(of: ranges.sorted { $0.lowerBound < $1.lowerBound }, in: source)
    }

    private static func statements(of ranges: [Range<Int>], in source: SourceText) -> [SQLStatement] {
        ranges.compactMap { range in
            let text = source.slice(range).trimmingSQLWhitespace()
            return text.isEmpty ? nil : SQLStatement(text: text, line: source.line(atByte: range.lowerBound))
        }
    }

    private static func end(of piece: PostgresParser.Piece) -> Int { piece.byteOffset + piece.byteLength }

    /// What `statements(of:in:tokens:)` makes of the pieces, without asking the scanner for every token
    /// (pg_query_scan and its protobuf were a seventh of the classifier's time): each piece from its first
    /// byte that is not whitespace or a comment. nil — take the scanner's way — when anything between the
    /// pieces is more than whitespace, comments and `;` (text the splitter left out), or a comment runs
    /// over a piece's edge.
    static func rangesWithoutScanning(_ pieces: [PostgresParser.Piece], in bytes: [UInt8]) -> [Range<Int>]? {
        bytes.withUnsafeBufferPointer { text -> [Range<Int>]? in
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(pieces.count)
            var cursor = 0
            for piece in pieces {
                let start = piece.byteOffset, end = start + piece.byteLength
                guard start >= cursor, piece.byteLength >= 0, end <= text.count else { return nil }
                // Between pieces: only what the scanner would not make a statement of.
                guard let gapEnd = skipSpaceAndComments(text, from: cursor, to: start, semicolons: true), gapEnd == start else { return nil }
                guard let first = skipSpaceAndComments(text, from: start, to: end, semicolons: false) else { return nil }
                if first < end { ranges.append(first..<end) }
                cursor = end
            }
            guard let tail = skipSpaceAndComments(text, from: cursor, to: text.count, semicolons: true), tail == text.count else { return nil }
            return ranges
        }
    }

    /// The first offset in `from..<to` that is not PostgreSQL whitespace (` \t\n\r\f`), a `--` or
    /// (nested) `/* */` comment, or (with `semicolons`) a `;`; `to` when there is none; nil when a
    /// comment does not end before `to`.
    private static func skipSpaceAndComments(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int, semicolons: Bool) -> Int? {
        var position = from
        while position < to {
            switch text[position] {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                position += 1
            case UInt8(ascii: ";") where semicolons:
                position += 1
            case UInt8(ascii: "-") where position + 1 < to && text[position + 1] == UInt8(ascii: "-"):
                while position < to, text[position] != 0x0A, text[position] != 0x0D { position += 1 }
                // A line comment that runs on past `to`: the edge is not where the scanner's would be.
                if position == to, to < text.count, text[to] != 0x0A, text[to] != 0x0D { return nil }
            case UInt8(ascii: "/") where position + 1 < to && text[position + 1] == UInt8(ascii: "*"):
                var depth = 0
                repeat {
                    if position + 1 < to, text[position] == UInt8(ascii: "/"), text[position + 1] == UInt8(ascii: "*") {
                        depth += 1
                        position += 2
                    } else if position + 1 < to, text[position] == UInt8(ascii: "*"), text[position + 1] == UInt8(ascii: "/") {
                        depth -= 1
                        position += 2
                    } else {
                        position += 1
                    }
                } while depth > 0 && position < to
                if depth > 0 { return nil }
            default:
                return position
            }
        }
        return position
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
