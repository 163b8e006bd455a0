/// A column's type as PostgreSQL stores it: aliases resolved (`integer` is `int4`, `character varying`
/// is `varchar`), with its typmod (`varchar(32)`, `numeric(10,2)`) and array dimensions.
struct ColumnType: Sendable, Equatable, CustomStringConvertible {
    /// The catalog name (`int4`, `varchar`), schema-qualified for a type that is not built in.
    var name: String
    /// The typmod numbers as written; empty when none (`varchar` unbounded, `numeric` any precision).
    var modifiers: [Int]
    var arrayDimensions: Int

    /// nil for a type the model cannot pin down (a typmod that is not a number, `SETOF`, `%TYPE`).
    init?(typeName node: ParseNode, userTypes: (ObjectName) -> Bool) {
        guard !node["setof"].bool, !node["pct_type"].bool else { return nil }
        var names = node["names"].names.map { $0.lowercased() }
        guard !names.isEmpty, names.count <= 2 else { return nil }
        if names.count == 2, names[0] == "pg_catalog" { names.removeFirst() }
        if names.count == 1 {
            // A bare name a migration created (a `uuid` domain, say) is that type, not the built-in.
            if userTypes(ObjectName(schema: nil, name: names[0])) { name = "public." + names[0] } else {
                name = Self.aliases[names[0]] ?? names[0]
            }
        } else {
            name = names.joined(separator: ".")
        }
        var modifiers: [Int] = []
        for modifier in node["typmods"].list {
            let constant = modifier["A_Const"]
            guard constant.exists, constant["ival"].exists else { return nil }
            modifiers.append(constant["ival"]["ival"].int ?? 0)
        }
        self.modifiers = modifiers
        arrayDimensions = node["arrayBounds"].list.count
    }

    init(name: String, modifiers: [Int] = [], arrayDimensions: Int = 0) {
        self.name = name
        self.modifiers = modifiers
        self.arrayDimensions = arrayDimensions
    }

    /// serial columns are integers with a sequence default.
    var resolvingSerial: ColumnType {
        guard let integer = Self.serials[name] else { return self }
        return ColumnType(name: integer, modifiers: modifiers, arrayDimensions: arrayDimensions)
    }

    var isSerial: Bool { Self.serials[name] != nil }

    var description: String {
        let base = Self.displayNames[name] ?? name
        let modifiers = self.modifiers.isEmpty ? "" : "(" + self.modifiers.map(String.init).joined(separator: ",") + ")"
        return base + modifiers + String(repeating: "[]", count: arrayDimensions)
    }

    /// Spellings the parser leaves as written; the grammar's own keywords (`integer`, `varchar`) already arrive as catalog names.
    static let aliases: [String: String] = [
        "int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8", "boolean": "bool",
        "decimal": "numeric", "real": "float4", "float": "float8", "double precision": "float8",
        "character varying": "varchar", "character": "bpchar", "char": "bpchar",
        "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
        "time without time zone": "time", "time with time zone": "timetz", "bit varying": "varbit",
    ]

    static let serials: [String: String] = [
        "serial": "int4", "serial4": "int4", "bigserial": "int8", "serial8": "int8", "smallserial": "int2", "serial2": "int2",
    ]

    static let displayNames: [String: String] = [
        "int2": "smallint", "int4": "integer", "int8": "bigint", "bool": "boolean", "float4": "real",
        "float8": "double precision", "bpchar": "char", "timestamptz": "timestamp with time zone",
    ]
}

/// What changing a column from one type to another does to the values the old binary reads and writes.
enum TypeChange: Equatable {
    case same
    /// Every old value fits and keeps its meaning; the reason says what the old binary may meet.
    case widening(Verdict, String)
    case other

    static func between(_ old: ColumnType, _ new: ColumnType) -> TypeChange {
        if old == new { return .same }
        guard old.arrayDimensions == new.arrayDimensions else { return .other }
        switch (old.name, new.name) {
        case ("varchar", "varchar"), ("varchar", "text"), ("bpchar", "text"), ("bpchar", "varchar"):
            // Unbounded, or bounded at least as wide: old values fit unchanged (char pads, so its trailing blanks go).
            if old.name == "bpchar" { return .other }
            guard new.name == "text" || new.modifiers.isEmpty || (old.modifiers.first.map { $0 <= new.modifiers[0] } ?? false) else { return .other }
            return .widening(.safe, "every value fits, and text has no fixed width in the old binary")
        case ("int2", "int4"), ("int2", "int8"), ("int4", "int8"):
            return .widening(.review, "values past the old range, written after the change, would overflow the old binary's integer")
        case ("float4", "float8"):
            return .widening(.review, "values past float4's range or precision, written after the change, would not fit the old binary's float")
        case ("numeric", "numeric"):
            guard !old.modifiers.isEmpty else { return .other }
            if new.modifiers.isEmpty { return .widening(.review, "unbounded numerics written after the change may not fit the old binary's decimal") }
            let (oldPrecision, oldScale) = (old.modifiers[0], old.modifiers.count > 1 ? old.modifiers[1] : 0)
            let (newPrecision, newScale) = (new.modifiers[0], new.modifiers.count > 1 ? new.modifiers[1] : 0)
            // Widening keeps both the digits before the point and the scale: no old value is rounded.
            guard newScale == oldScale, newPrecision >= oldPrecision else { return .other }
            return .widening(.review, "larger numbers written after the change may not fit the old binary's decimal")
        default:
            return .other
        }
    }
}
