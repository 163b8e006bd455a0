/// The schema a real PostgreSQL reports from its catalog (the shadow server): everything in it is
/// known, extensions' objects included, so absence is proven wherever the catalog says so.
public enum CatalogSchema {
    /// Rows of kind, schema, name, detail, type, not null: relations, table columns, types, functions, schemas.
    public static let query = """
        WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                    AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%')
        SELECT 'r', ns.nspname, c.relname, c.relkind::text, '', '' FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
        UNION ALL
        SELECT 'c', ns.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
         WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f')
        UNION ALL
        SELECT 't', ns.nspname, t.typname, t.typtype::text, '', '' FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
         WHERE t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
        UNION ALL
        SELECT 'f', ns.nspname, p.proname, '', '', '' FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
        UNION ALL
        SELECT 's', ns.nspname, '', '', '', '' FROM ns
        """

    /// The model from `query`'s rows (fields split by U+001F, rows by U+001E); `origin` names where each fact came from.
    public static func schema(fromRows rows: String, revision: String, origin: String) -> KnownSchema {
        var schema = KnownSchema()
        let records = rows.split(separator: "\u{1E}").map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) }
            .map { $0.map { $0.trimmingCharacters(in: .newlines) } }.filter { $0.count >= 6 }
        for record in records where record[0] == "s" { schema.addSchema(record[1], since: origin) }
        for record in records where record[0] == "t" { schema.addType(ObjectName(schema: record[1], name: record[2]), since: origin) }
        for record in records where record[0] == "f" { schema.addFunction(ObjectName(schema: record[1], name: record[2]), since: origin) }
        for record in records where record[0] == "r" {
            let name = ObjectName(schema: record[1], name: record[2])
            switch record[3] {
            case "r", "p", "f": schema.addTable(name, KnownSchema.Table(since: origin))
            case "v", "m": schema.addRelation(name, kind: .view, since: origin)
            case "S": schema.addRelation(name, kind: .sequence, since: origin)
            case "i", "I": schema.addRelation(name, kind: .index, since: origin)
            default: schema.addRelation(name, kind: .other, since: origin)
            }
        }
        for record in records where record[0] == "c" {
            let type = columnType(record[4], userTypes: schema.isUserType)
            let column = KnownSchema.Column(type: type, notNull: record[5] == "true", hasDefault: nil,
                                            typeSince: origin, nullabilitySince: origin)
            schema.updateTable(ObjectName(schema: record[1], name: record[2])) { $0.columns[record[3]] = column }
        }
        schema.revision = revision
        schema.summary = "the catalog of a shadow PostgreSQL with the migrations at \(revision) applied"
        return schema
    }

    /// `format_type`'s text read back through the parser, so `character varying(32)` is `varchar(32)` as in a migration.
    static func columnType(_ text: String, userTypes: (ObjectName) -> Bool) -> ColumnType? {
        guard case .success(let trees) = PostgresParser.parse("SELECT NULL::\(text)"),
              let target = trees.first?["SelectStmt"]["targetList"].list.first else { return nil }
        return ColumnType(typeName: target["ResTarget"]["val"]["TypeCast"]["typeName"], userTypes: userTypes)
    }
}

extension CatalogSchema {
    /// What the release did to what the old binary saw, by the real server's catalogs before and after:
    /// findings for relations and columns that are gone, changed type or became NOT NULL.
    public static func changes(from before: KnownSchema, to after: KnownSchema) -> [Finding] {
        var findings: [Finding] = []
        func add(_ verdict: Verdict, _ rule: String, _ reason: String) {
            findings.append(Finding(file: "(shadow PostgreSQL)", line: 1, statement: "(catalog after the release)",
                                    verdict: verdict, rule: rule, reason: reason))
        }
        for (name, relation) in before.allRelations.sorted(by: { $0.key.description < $1.key.description })
        where relation.kind == .table || relation.kind == .view {
            guard after.relation(name) != nil else {
                add(.unsafe, "shadow-drop", "the shadow PostgreSQL has no \(relation.kind.rawValue) \(name) after the release; the old binary uses it")
                continue
            }
            guard let table = before.table(name), let now = after.table(name) else { continue }
            for (column, old) in table.columns.sorted(by: { $0.key < $1.key }) {
                guard let new = now.columns[column] else {
                    add(.unsafe, "shadow-drop-column", "the shadow PostgreSQL has no \(name).\(column) after the release; the old binary reads and writes it")
                    continue
                }
                if let oldType = old.type, let newType = new.type {
                    switch TypeChange.between(oldType, newType) {
                    case .same: break
                    case .widening(let verdict, let why):
                        add(verdict, "shadow-widen-type", "the shadow PostgreSQL shows \(name).\(column) widened from \(oldType) to \(newType): \(why)")
                    case .other:
                        add(.unsafe, "shadow-change-type", "the shadow PostgreSQL shows \(name).\(column) changed from \(oldType) to \(newType)")
                    }
                } else if old.type != new.type {
                    add(.review, "shadow-change-type", "the shadow PostgreSQL shows \(name).\(column)'s type changed, to a type this checker cannot read")
                }
                if old.notNull == false, new.notNull == true {
                    add(.unsafe, "shadow-set-not-null", "the shadow PostgreSQL shows \(name).\(column) NOT NULL after the release; the old binary's inserts that leave it NULL will fail")
                }
            }
        }
        return findings
    }
}
