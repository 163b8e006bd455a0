import Testing
@testable import MigrationSafety

/// A release judged against the schema a real git repository's history leaves at the last good revision,
/// and the same release judged without it: same input, a different verdict when the prior schema differs.
struct SchemaCase: CustomTestStringConvertible, Sendable {
    let history: [(path: String, sql: String)]
    let release: String
    let known: (verdict: Verdict, rule: String)
    let unknown: (verdict: Verdict, rule: String)

    init(_ history: [(String, String)], _ release: String,
         known: (Verdict, String), unknown: (Verdict, String)) {
        self.history = history.map { (path: $0.0, sql: $0.1) }
        self.release = release
        self.known = (known.0, known.1)
        self.unknown = (unknown.0, unknown.1)
    }

    var testDescription: String { "\(known.verdict.word) \(known.rule) (alone: \(unknown.verdict.word)): \(release.prefix(60))" }
}

let uuidColumn = [("db/0001_orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, nid UUID, total numeric(10,2) NOT NULL, note varchar(32), n integer, at timestamp);")]

let schemaCases: [SchemaCase] = [
    // Re-stated types are no change, whatever the spelling.
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN \"nid\" TYPE UUID, ALTER COLUMN \"nid\" DROP NOT NULL;",
          known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN n TYPE int4;", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN note TYPE character varying(32);", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN at TYPE timestamp without time zone;", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN total TYPE decimal(10,2);", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    // Widening is SAFE or REVIEW with its reason; narrowing and other types stay UNSAFE.
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN note TYPE varchar(64);", known: (.safe, "widen-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);", known: (.review, "widen-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN n TYPE bigint;", known: (.review, "widen-type"), unknown: (.review, "widen-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN note TYPE varchar(16);", known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN n TYPE text;", known: (.unsafe, "change-type"), unknown: (.review, "widen-type")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,3);", known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    // NOT NULL against what the column was.
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN total SET NOT NULL;", known: (.safe, "already-not-null"), unknown: (.unsafe, "set-not-null")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN id SET NOT NULL;", known: (.safe, "already-not-null"), unknown: (.unsafe, "set-not-null")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;", known: (.unsafe, "set-not-null"), unknown: (.unsafe, "set-not-null")),
    .init(uuidColumn, "ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;", known: (.safe, "drop-not-null"), unknown: (.review, "drop-not-null")),
    // IF [NOT] EXISTS resolved against the schema.
    .init(uuidColumn, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text NOT NULL;", known: (.safe, "exists-no-op"), unknown: (.unsafe, "add-column-not-null-without-default")),
    .init(uuidColumn, "CREATE UNIQUE INDEX IF NOT EXISTS orders_nid ON orders (nid);",
          known: (.review, "unique-index"), unknown: (.review, "unique-index")),
    .init(uuidColumn + [("db/0002_index.sql", "CREATE UNIQUE INDEX orders_nid ON orders (nid);")],
          "CREATE UNIQUE INDEX IF NOT EXISTS orders_nid ON orders (nid);", known: (.safe, "exists-no-op"), unknown: (.review, "unique-index")),
    .init(uuidColumn, "CREATE TABLE IF NOT EXISTS scratch (a int); DROP TABLE scratch;", known: (.safe, "new-object"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn, "CREATE TABLE IF NOT EXISTS orders (a int); DROP TABLE orders;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn, "DROP TABLE IF EXISTS never_was;", known: (.safe, "absent-no-op"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn, "ALTER TABLE orders DROP COLUMN IF EXISTS never_was;", known: (.safe, "absent-no-op"), unknown: (.unsafe, "drop-column")),
    .init(uuidColumn, "DROP TABLE IF EXISTS orders;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    // The tools' order and up sections.
    .init([("db/2_orders.sql", "CREATE TABLE orders (c uuid);"), ("db/10_text.sql", "ALTER TABLE orders ALTER COLUMN c TYPE text;")],
          "ALTER TABLE orders ALTER COLUMN c TYPE text;", known: (.safe, "same-type"), unknown: (.review, "widen-type")),
    .init([("db/V1__orders.sql", "CREATE TABLE orders (c uuid);"), ("db/V1.1__text.sql", "ALTER TABLE orders ALTER COLUMN c TYPE text;"),
           ("db/V1.10__varchar.sql", "ALTER TABLE orders ALTER COLUMN c TYPE varchar(8);")],
          "ALTER TABLE orders ALTER COLUMN c TYPE varchar(8);", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    .init([("db/1_orders.up.sql", "CREATE TABLE orders (c uuid);"), ("db/1_orders.down.sql", "DROP TABLE orders;"),
           ("db/2_c.up.sql", "ALTER TABLE orders ALTER COLUMN c TYPE text;"), ("db/2_c.down.sql", "ALTER TABLE orders ALTER COLUMN c TYPE uuid;")],
          "ALTER TABLE orders ALTER COLUMN c TYPE text;", known: (.safe, "same-type"), unknown: (.review, "widen-type")),
    .init([("db/20240101000000_orders.sql", "-- +goose Up\nCREATE TABLE orders (c uuid);\n-- +goose Down\nDROP TABLE orders;\n"),
           ("db/20240102000000_c.sql", "-- migrate:up\nALTER TABLE orders ALTER COLUMN c TYPE text;\n-- migrate:down\nALTER TABLE orders ALTER COLUMN c TYPE uuid;\n")],
          "ALTER TABLE orders ALTER COLUMN c TYPE text;", known: (.safe, "same-type"), unknown: (.review, "widen-type")),
    .init([("db/0001_orders.sql", "SET search_path = public;\nCREATE TABLE orders (nid uuid);")],
          "ALTER TABLE orders ALTER COLUMN nid TYPE uuid;", known: (.safe, "same-type"), unknown: (.unsafe, "change-type")),
    // Fail closed: what the replay cannot follow is unknown, never known.
    .init([("db/0001_orders.sql", "CREATE TABLE orders (nid uuid);\nSET search_path = \"$user\", public;\nCREATE TABLE orders (nid text);")],
          "ALTER TABLE orders ALTER COLUMN nid TYPE text;", known: (.review, "widen-type"), unknown: (.review, "widen-type")),
    .init(uuidColumn + [("db/0002_do.sql", "DO $$BEGIN EXECUTE 'ALTER TABLE orders ALTER COLUMN nid TYPE text'; END$$;")],
          "ALTER TABLE orders ALTER COLUMN nid TYPE uuid;", known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn + [("db/0002_call.sql", "SELECT reshape_orders();")],
          "ALTER TABLE orders ALTER COLUMN total SET NOT NULL;", known: (.unsafe, "set-not-null"), unknown: (.unsafe, "set-not-null")),
    .init(uuidColumn + [("db/0002_cascade.sql", "CREATE TYPE t AS (a int); DROP TYPE t CASCADE;")],
          "DROP TABLE IF EXISTS never_was;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn + [("db/0002_copy.sql", "SELECT * INTO orders_copy FROM orders;")],
          "DROP TABLE IF EXISTS orders_copy;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn + [("db/0002_explain.sql", "EXPLAIN ANALYZE CREATE TABLE orders_copy AS SELECT * FROM orders;")],
          "DROP TABLE IF EXISTS orders_copy;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn + [("db/0002_ext.sql", "CREATE EXTENSION postgis;")],
          "DROP TABLE IF EXISTS spatial_ref_sys;", known: (.unsafe, "drop-table"), unknown: (.unsafe, "drop-table")),
    .init(uuidColumn + [("db/0002_pk.sql", "ALTER TABLE orders DROP CONSTRAINT orders_pkey;")],
          "ALTER TABLE orders ALTER COLUMN id SET NOT NULL;", known: (.unsafe, "set-not-null"), unknown: (.unsafe, "set-not-null")),
    .init(uuidColumn + [("db/0002_trigger.sql", "CREATE TRIGGER t AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f();"),
                        ("db/0003_seed.sql", "INSERT INTO orders (total) VALUES (1);")],
          "ALTER TABLE orders ALTER COLUMN nid TYPE uuid;", known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    .init([("db/orders.sql", "CREATE TABLE orders (c uuid);"), ("db/more.sql", "ALTER TABLE orders ALTER COLUMN c TYPE text;")],
          "ALTER TABLE orders ALTER COLUMN c TYPE uuid;", known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    // …and in the release: after a statement the model cannot follow, the prior is not trusted.
    .init(uuidColumn, "DO $$BEGIN NULL; END$$; ALTER TABLE orders ALTER COLUMN nid TYPE uuid;",
          known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "SET search_path = other; ALTER TABLE orders ALTER COLUMN nid TYPE uuid;",
          known: (.unsafe, "change-type"), unknown: (.unsafe, "change-type")),
    .init(uuidColumn, "DO $$BEGIN ALTER TABLE orders ALTER COLUMN nid TYPE uuid; END$$;",
          known: (.unsafe, "do-block-change-type"), unknown: (.unsafe, "do-block-change-type")),
]

/// The report's deciding rule, as the verdict table reads it.
private func deciding(_ report: MigrationReport) -> String {
    report.findings.last { $0.verdict == report.verdict }?.rule ?? "(none)"
}

@Test(arguments: schemaCases)
func aReleaseIsJudgedAgainstTheSchemaItsRepositoryHadAtTheLastGoodRevision(_ row: SchemaCase) throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("README.md", "config\n")
    for file in row.history { try repo.write(file.path, file.sql) }
    let good = try repo.commit("history")
    try repo.write("db/99999999999999_release.sql", row.release)
    let bad = try repo.commit("release")
    let diff = try repo.migrationDiff(from: good, to: bad)

    let prior = try SchemaReplay.replay(historyDiff: try repo.migrationHistory(at: good), revision: "good")
    let known = MigrationClassifier.classify(diff: diff, prior: prior)
    #expect(known.verdict == row.known.verdict, "\(known.findings)")
    #expect(deciding(known) == row.known.rule, "\(known.findings)")
    #expect(known.schema?.hasPrefix("known: replayed") == true)

    let alone = MigrationClassifier.classify(diff: diff)
    #expect(alone.verdict == row.unknown.verdict, "\(alone.findings)")
    #expect(deciding(alone) == row.unknown.rule, "\(alone.findings)")
}

@Test func eachFindingSaysWhatTheSchemaKnew() throws {
    let prior = SchemaReplay.replay([MigrationSource(file: "db/0031_orders.sql", sql: "CREATE TABLE orders (total numeric(10,2));")], revision: "4f1c2e9")
    var session = ClassificationSession(prior: prior)
    session.classify(sql: "ALTER TABLE orders ALTER COLUMN total TYPE numeric(10,2); ALTER TABLE orders ALTER COLUMN gone TYPE int;", file: "m.sql")
    let reasons = session.report.findings.map(\.reason)
    #expect(reasons.first?.hasPrefix("orders.total was numeric(10,2) since db/0031_orders.sql") == true, "\(reasons)")
    #expect(reasons.last?.hasSuffix("the schema at 4f1c2e9 did not know orders.gone's type") == true, "\(reasons)")
    #expect(session.report.schema == "known: replayed 1 migration file at 4f1c2e9")
}

/// Data statements change no schema: a history that copies rows with INSERT … SELECT, or writes a CTE, is
/// still followed, and a later re-stated type is judged against it.
@Test(arguments: [
    "INSERT INTO accounts (id, owner) SELECT id, owner FROM legacy_accounts WHERE owner IS NOT NULL;",
    "INSERT INTO accounts (id) SELECT id FROM legacy_accounts ON CONFLICT (id) DO NOTHING;",
    "WITH moved AS (SELECT id FROM legacy_accounts) INSERT INTO accounts (id) SELECT id FROM moved;",
    "UPDATE accounts SET owner = l.owner FROM legacy_accounts l WHERE l.id = accounts.id;",
])
func aDataStatementInTheHistoryKeepsTheSchemaKnown(_ data: String) throws {
    let prior = SchemaReplay.replay([
        MigrationSource(file: "db/0001_legacy.sql", sql: "CREATE TABLE legacy_accounts (id uuid PRIMARY KEY, owner text);"),
        MigrationSource(file: "db/0002_accounts.sql", sql: "CREATE TABLE accounts (id uuid PRIMARY KEY, owner text);"),
        MigrationSource(file: "db/0003_copy.sql", sql: data),
    ], revision: "4f1c2e9")
    var session = ClassificationSession(prior: prior)
    session.classify(sql: #"ALTER TABLE accounts ALTER COLUMN "id" TYPE UUID, ALTER COLUMN "owner" DROP NOT NULL;"#, file: "db/0004_restate.sql")
    #expect(session.report.schema == "known: replayed 3 migration files at 4f1c2e9", "\(session.report.schema ?? "nil")")
    #expect(session.report.verdict == .safe, "\(session.report.findings)")
}

@Test func withoutARepositoryTheReportSaysTheSchemaWasNotKnown() {
    let files = MigrationClassifier.classify([MigrationSource(file: "m.sql", sql: "ALTER TABLE t ALTER COLUMN c TYPE uuid;")])
    #expect(files.schema == "not known (no repository was given); each statement was judged on its own")
    #expect(files.verdict == .unsafe)
    #expect(MigrationClassifier.classify(diff: "").schema?.hasPrefix("not known") == true)
}

@Test(arguments: [
    (["db/10_b.sql", "db/9_a.sql", "db/100_c.sql"], ["db/9_a.sql", "db/10_b.sql", "db/100_c.sql"]),
    (["V1.10__c.sql", "R__views.sql", "V1.2__b.sql", "V1__a.sql"], ["V1__a.sql", "V1.2__b.sql", "V1.10__c.sql", "R__views.sql"]),
    (["m/2023-01-02-000000_b/up.sql", "m/2023-01-01-000000_a/up.sql"], ["m/2023-01-01-000000_a/up.sql", "m/2023-01-02-000000_b/up.sql"]),
    (["20240102_x.sql", "20240101_y.sql"], ["20240101_y.sql", "20240102_x.sql"]),
    // Ory Kratos: 20-digit versions, past what UInt64 holds.
    (["sql/20210410175418000001_b.postgres.up.sql", "sql/20191100000001000000_a.up.sql", "sql/99999999999999999999_z.up.sql",
      "sql/20210410175418000000_a.postgres.up.sql"],
     ["sql/20191100000001000000_a.up.sql", "sql/20210410175418000000_a.postgres.up.sql", "sql/20210410175418000001_b.postgres.up.sql",
      "sql/99999999999999999999_z.up.sql"]),
    // Longer is larger once leading zeros are gone, at any length.
    (["900000000000000000000000000001_b.sql", "0000000000000000000000000000000000000002_a.sql"],
     ["0000000000000000000000000000000000000002_a.sql", "900000000000000000000000000001_b.sql"]),
])
func migrationsRunInTheirToolsOrder(_ paths: [String], _ expected: [String]) throws {
    #expect(try MigrationOrder.sorted(paths).get() == expected)
}

@Test(arguments: [["db/a.sql", "db/b.sql"], ["db/1_a.sql", "db/01_b.sql"],
                  ["20191100000001000000_a.up.sql", "0020191100000001000000_b.up.sql"]])
func anOrderThatCannotBeKnownIsNotGuessed(_ paths: [String]) {
    guard case .failure(let unknown) = MigrationOrder.sorted(paths) else { Issue.record("ordered \(paths)"); return }
    #expect(unknown.reason.contains(paths[0]) || unknown.reason.contains(paths[1]))
}
