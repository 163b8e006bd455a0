/// Reconstructs the SQL an `EXECUTE expr` would run, from the expression's parse tree:
/// string constants are kept, `||` concatenates, `format()` fills its placeholders, and
/// anything only known at run time becomes a placeholder identifier.
enum DynamicSQL {
    static let placeholder = "incident_console_value"

    static func text(ofExpression expression: String) -> String? {
        guard case .success(let trees) = PostgresParser.parse("SELECT " + expression),
              let target = trees.first?["SelectStmt"]["targetList"].list.first else { return nil }
        return text(of: target["ResTarget"]["val"])
    }

    private static func text(of node: ParseNode) -> String? {
        if let value = node["A_Const"]["sval"]["sval"].string { return value }
        if node["TypeCast"].exists { return text(of: node["TypeCast"]["arg"]) }
        if node["A_Expr"].exists, node["A_Expr"]["name"].names == ["||"] {
            guard let left = text(of: node["A_Expr"]["lexpr"]), let right = text(of: node["A_Expr"]["rexpr"]) else { return nil }
            return left + right
        }
        if node["FuncCall"].exists {
            let call = node["FuncCall"]
            let args = call["args"].list
            switch call["funcname"].names.last?.lowercased() {
            case "format":
                guard let format = args.first.flatMap(text(of:)) else { return nil }
                return fill(format: format)
            case "concat":
                return args.map { text(of: $0) ?? placeholder }.joined()
            case "quote_ident": return placeholder
            case "quote_literal", "quote_nullable": return "'\(placeholder)'"
            default: return placeholder
            }
        }
        // A variable, a column, a parameter: known only when the block runs.
        return placeholder
    }

    /// `format('DROP TABLE %I', t)` → `DROP TABLE incident_console_value`.
    private static func fill(format: String) -> String {
        var result = ""
        var characters = format[...]
        while let percent = characters.firstIndex(of: "%") {
            result += characters[..<percent]
            characters = characters[characters.index(after: percent)...]
            // Skip an optional position (`1$`), flags and width, then read the conversion.
            while let next = characters.first, next.isNumber || next == "$" || next == "-" || next == "*" {
                characters = characters.dropFirst()
            }
            guard let conversion = characters.first else { break }
            characters = characters.dropFirst()
            switch conversion {
            case "%": result += "%"
            case "L": result += "'\(placeholder)'"
            default: result += placeholder
            }
        }
        return result + characters
    }
}
