import CPGQuery
import Foundation

/// What the PostgreSQL parser said about a piece of SQL it could not accept.
struct ParserError: Sendable, Equatable, Error {
    var message: String
    /// 0-based UTF-8 byte offset into the text that was given to the parser, when the parser knows it.
    var byteOffset: Int?
}

/// Thin, memory-safe calls into libpg_query (PostgreSQL 15 grammar). Every C result is freed here.
enum PostgresParser {
    /// A statement's byte range, as the scanner-based splitter reports it (leading comments included).
    struct Piece: Sendable, Equatable {
        var byteOffset: Int
        var byteLength: Int
    }

    /// Splits with the scanner, so a statement with a syntax error does not hide the others.
    /// Fails only on a lexical error (an unterminated string, comment or dollar quote).
    static func split(_ sql: String) -> Result<[Piece], ParserError> {
        let result = pg_query_split_with_scanner(sql)
        defer { pg_query_free_split_result(result) }
        if let error = result.error { return .failure(ParserError(error.pointee)) }
        guard let stmts = result.stmts else { return .success([]) }
        let pieces = (0..<Int(result.n_stmts)).compactMap { index -> Piece? in
            guard let stmt = stmts[index] else { return nil }
            return Piece(byteOffset: Int(stmt.pointee.stmt_location), byteLength: Int(stmt.pointee.stmt_len))
        }
        return .success(pieces)
    }

    /// The JSON parse tree of `sql`: the `stmts` array's `stmt` nodes.
    static func parse(_ sql: String) -> Result<[ParseNode], ParserError> {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error { return .failure(ParserError(error.pointee)) }
        guard let tree = result.parse_tree, let root = ParseNode(json: tree) else {
            return .failure(ParserError(message: "the parser returned no tree", byteOffset: nil))
        }
        return .success(root["stmts"].list.map { $0["stmt"] })
    }

    /// The PL/pgSQL tree of a `CREATE FUNCTION … LANGUAGE plpgsql` statement.
    static func parsePLpgSQL(_ createFunction: String) -> Result<ParseNode, ParserError> {
        let result = pg_query_parse_plpgsql(createFunction)
        defer { pg_query_free_plpgsql_parse_result(result) }
        if let error = result.error { return .failure(ParserError(error.pointee)) }
        guard let funcs = result.plpgsql_funcs, let root = ParseNode(json: funcs) else {
            return .failure(ParserError(message: "the PL/pgSQL parser returned no tree", byteOffset: nil))
        }
        return .success(root)
    }

    /// The scanner's tokens, comments included; nil on a lexical error.
    static func scan(_ sql: String) -> [ScanToken]? {
        let result = pg_query_scan(sql)
        defer { pg_query_free_scan_result(result) }
        if result.error != nil { return nil }
        guard let data = result.pbuf.data else { return [] }
        let bytes = UnsafeRawBufferPointer(start: data, count: Int(result.pbuf.len))
        return ScanToken.decode(scanResult: bytes)
    }
}

extension ParserError {
    init(_ error: PgQueryError) {
        message = error.message.map { String(cString: $0) } ?? "unknown parser error"
        // cursorpos is 1-based; 0 means "no position".
        byteOffset = error.cursorpos > 0 ? Int(error.cursorpos) - 1 : nil
    }
}
