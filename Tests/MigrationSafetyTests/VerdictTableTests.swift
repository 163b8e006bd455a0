import Testing
@testable import MigrationSafety

/// One row of the verdict table: a migration, the verdict the old binary gets, and the rule that decides it.
struct VerdictCase: CustomTestStringConvertible, Sendable {
    let sql: String
    let verdict: Verdict
    let rule: String
    init(_ sql: String, _ verdict: Verdict, _ rule: String) { self.sql = sql; self.verdict = verdict; self.rule = rule }
    var testDescription: String { "\(verdict.word) \(rule): \(sql.prefix(60))" }
}

let safeCases: [VerdictCase] = [
    .init("CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL);", .safe, "create-table"),
    .init("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);", .safe, "create-index"),
    .init("CREATE VIEW active_users AS SELECT * FROM users WHERE active;", .safe, "create-view"),
    .init("CREATE TYPE mood AS ENUM ('sad', 'ok');", .safe, "create-type"),
    .init("CREATE TYPE pair AS (a int, b int);", .safe, "create-type"),
    .init("CREATE SCHEMA billing;", .safe, "create-schema"),
    .init("CREATE SEQUENCE invoice_no;", .safe, "create-sequence"),
    .init("CREATE EXTENSION IF NOT EXISTS pgcrypto;", .safe, "create-extension"),
    .init("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN DROP TABLE users; END$$;", .safe, "create-function"),
    .init("ALTER TABLE users ADD COLUMN nickname text;", .safe, "add-column-nullable"),
    .init("ALTER TABLE users ADD COLUMN score int DEFAULT 0;", .safe, "add-column-nullable"),
    .init("ALTER TYPE mood ADD VALUE 'happy';", .safe, "add-enum-value"),
    .init("ALTER TABLE users ALTER COLUMN score SET DEFAULT 1;", .safe, "set-default"),
    .init("ALTER TABLE users VALIDATE CONSTRAINT users_email_check;", .safe, "validate-constraint"),
    .init("COMMENT ON TABLE users IS 'people';", .safe, "comment"),
    .init("GRANT SELECT ON users TO reporting;", .safe, "grant"),
    .init("INSERT INTO plans (name) VALUES ('free'), ('pro');", .safe, "seed-insert"),
    .init("INSERT INTO plans (name) VALUES ('free') ON CONFLICT DO NOTHING;", .safe, "seed-insert"),
    .init("BEGIN;", .safe, "transaction"),
    .init("COMMIT;", .safe, "transaction"),
    .init("SET lock_timeout = '5s';", .safe, "set"),
    .init("SELECT pg_advisory_lock(42);", .safe, "select"),
    .init("CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL;", .safe, "new-object"),
    .init("CREATE TABLE t (a int); DROP TABLE t;", .safe, "new-object"),
    .init("CREATE TABLE t (a int); CREATE UNIQUE INDEX t_a ON t (a);", .safe, "create-index"),
    .init("ALTER TABLE users ADD COLUMN tmp int; ALTER TABLE users DROP COLUMN tmp;", .safe, "new-object"),
    .init("CREATE TYPE st AS ENUM ('a'); ALTER TYPE st RENAME VALUE 'a' TO 'b';", .safe, "new-object"),
    .init("ALTER TABLE users ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;", .safe, "add-column-nullable"),
]

let reviewCases: [VerdictCase] = [
    .init("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';", .review, "add-column-not-null-with-default"),
    .init("ALTER TABLE users ADD CONSTRAINT score_positive CHECK (score > 0);", .review, "add-check"),
    .init("ALTER TABLE users ADD CONSTRAINT score_positive CHECK (score > 0) NOT VALID;", .review, "add-check"),
    .init("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;", .review, "add-foreign-key"),
    .init("ALTER TABLE users ADD CONSTRAINT uq UNIQUE (email);", .review, "add-unique"),
    .init("ALTER TABLE users ADD PRIMARY KEY (id);", .review, "add-primary-key"),
    .init("CREATE UNIQUE INDEX users_email ON users (email);", .review, "unique-index"),
    .init("ALTER TABLE orders ADD COLUMN coupon_id int REFERENCES coupons (id);", .review, "add-column-references"),
    .init("DROP INDEX users_email_idx;", .review, "drop-index"),
    .init("ALTER TABLE users DROP CONSTRAINT users_email_check;", .review, "drop-constraint"),
    .init("DROP TRIGGER audit ON users;", .review, "drop-trigger"),
    .init("ALTER TABLE users ALTER COLUMN score DROP DEFAULT;", .review, "drop-default"),
    .init("ALTER TABLE users ALTER COLUMN email DROP NOT NULL;", .review, "drop-not-null"),
    .init("ALTER TABLE users ALTER COLUMN bio TYPE text;", .review, "widen-type"),
    .init("ALTER TABLE users ALTER COLUMN id TYPE bigint;", .review, "widen-type"),
    .init("ALTER TABLE users ALTER COLUMN name TYPE varchar;", .review, "widen-type"),
    .init("ALTER TABLE users ALTER COLUMN balance TYPE numeric;", .review, "widen-type"),
    .init("UPDATE users SET plan = 'free' WHERE plan IS NULL;", .review, "update-where"),
    .init("DELETE FROM sessions WHERE expires_at < now();", .review, "delete-where"),
    .init("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", .review, "replace-function"),
    .init("CREATE OR REPLACE VIEW active_users AS SELECT * FROM users;", .review, "replace-view"),
    .init("CREATE TRIGGER audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit();", .review, "create-trigger"),
    .init("ALTER TABLE users ENABLE ROW LEVEL SECURITY;", .review, "row-level-security"),
    .init("CREATE POLICY own_rows ON users USING (id = current_setting('app.user')::int);", .review, "row-level-security"),
    .init("REVOKE SELECT ON users FROM app;", .review, "revoke"),
    .init("ALTER TABLE users RENAME CONSTRAINT a TO b;", .review, "rename-constraint"),
    .init("CALL backfill_users();", .review, "call"),
    .init("ALTER TABLE users RENAME TO accounts; CREATE VIEW users AS SELECT * FROM accounts;", .review, "rename-with-compatibility-view"),
    .init("ALTER TABLE users DRPO COLUMN email;", .review, "parse-error"),
    .init("DO $$BEGIN RAISE NOTICE 'hello'; END$$;", .review, "do-block"),
    .init("DO $$BEGIN UPDATE users SET a = 1 WHERE id = 2; END$$;", .review, "do-block"),
    .init("SELECT backfill_everything();", .review, "calls-function"),
    .init("INSERT INTO plans (name) VALUES ('free') ON CONFLICT (name) DO UPDATE SET name = 'free';", .review, "upsert"),
    .init("DO $$BEGIN EXECUTE cmd; END$$;", .review, "do-block"),
]

let unsafeCases: [VerdictCase] = [
    .init("ALTER TABLE users DROP COLUMN email;", .unsafe, "drop-column"),
    .init("DROP TABLE users;", .unsafe, "drop-table"),
    .init("DROP SCHEMA billing CASCADE;", .unsafe, "drop-schema"),
    .init("DROP DATABASE app;", .unsafe, "drop-database"),
    .init("DROP TYPE mood;", .unsafe, "drop-type"),
    .init("DROP VIEW active_users;", .unsafe, "drop-view"),
    .init("DROP MATERIALIZED VIEW daily_totals;", .unsafe, "drop-materialized-view"),
    .init("DROP FUNCTION price(int);", .unsafe, "drop-function"),
    .init("DROP SEQUENCE invoice_no;", .unsafe, "drop-sequence"),
    .init("DROP EXTENSION pgcrypto;", .unsafe, "drop-extension"),
    .init("ALTER TABLE users RENAME COLUMN email TO email_address;", .unsafe, "rename-column"),
    .init("ALTER TABLE users RENAME TO accounts;", .unsafe, "rename-table"),
    .init("ALTER VIEW active_users RENAME TO current_users;", .unsafe, "rename-view"),
    .init("ALTER SCHEMA billing RENAME TO money;", .unsafe, "rename-schema"),
    .init("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';", .unsafe, "rename-enum-value"),
    .init("ALTER TABLE users SET SCHEMA archive;", .unsafe, "set-schema"),
    .init("ALTER TABLE users ALTER COLUMN email SET NOT NULL;", .unsafe, "set-not-null"),
    .init("ALTER TABLE users ADD CONSTRAINT email_present CHECK (email IS NOT NULL) NOT VALID;", .unsafe, "check-not-null"),
    .init("ALTER TABLE users ADD CONSTRAINT email_present CHECK (NOT (email IS NULL));", .unsafe, "check-not-null"),
    .init("ALTER TABLE users ADD COLUMN plan text NOT NULL;", .unsafe, "add-column-not-null-without-default"),
    .init("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT NULL;", .unsafe, "add-column-not-null-without-default"),
    .init("ALTER TABLE users ADD COLUMN plan text DEFAULT NULL::text NOT NULL;", .unsafe, "add-column-not-null-without-default"),
    .init("ALTER TABLE users ADD COLUMN plan text CHECK (plan IS NOT NULL);", .unsafe, "add-column-not-null-without-default"),
    .init("ALTER TABLE users ALTER COLUMN name TYPE varchar(20);", .unsafe, "change-type"),
    .init("ALTER TABLE users ALTER COLUMN id TYPE int;", .unsafe, "change-type"),
    .init("ALTER TABLE users ALTER COLUMN id TYPE bigint USING id::bigint;", .unsafe, "change-type-using"),
    .init("TRUNCATE sessions;", .unsafe, "truncate"),
    .init("DELETE FROM sessions;", .unsafe, "delete-all"),
    .init("DELETE FROM sessions WHERE true;", .unsafe, "delete-all"),
    .init("DO $$BEGIN DROP TABLE users; END$$;", .unsafe, "do-block-drop-table"),
    .init("DO $$BEGIN IF true THEN ALTER TABLE users RENAME COLUMN a TO b; END IF; END$$;", .unsafe, "do-block-rename-column"),
    .init("DO $$BEGIN EXECUTE 'DROP TABLE users'; END$$;", .unsafe, "do-block-drop-table"),
    .init("DO $$BEGIN EXECUTE format('DROP TABLE %I', 'users'); END$$;", .unsafe, "do-block-drop-table"),
    .init("DO $$DECLARE t text := 'x'; BEGIN EXECUTE 'TRUNCATE ' || t; END$$;", .unsafe, "do-block-truncate"),
    .init("DO $$BEGIN BEGIN DELETE FROM users; EXCEPTION WHEN others THEN NULL; END; END$$;", .unsafe, "do-block-delete-all"),
    .init("CREATE FUNCTION wipe() RETURNS void LANGUAGE plpgsql AS $$BEGIN TRUNCATE users; END$$; SELECT wipe();", .unsafe, "calls-function-truncate"),
    .init("ALTER TABLE users ADD COLUMN tmp int; ALTER TABLE users ALTER COLUMN tmp SET NOT NULL;", .unsafe, "set-not-null"),
]

/// Lexical traps: the parser, not text matching, decides where statements and strings end.
let lexicalTrapCases: [VerdictCase] = [
    .init("ALTER /* drop column */ TABLE users ADD COLUMN x int;", .safe, "add-column-nullable"),
    .init("ALTER TABLE users -- DROP COLUMN email;\n ADD COLUMN x int;", .safe, "add-column-nullable"),
    .init("/* outer /* nested DROP TABLE users; */ still a comment */ CREATE TABLE t (a int);", .safe, "create-table"),
    .init("INSERT INTO paths VALUES ('C:\\'); DROP TABLE users;", .unsafe, "drop-table"),
    .init("INSERT INTO paths VALUES ('C:\\');", .safe, "seed-insert"),
    .init("INSERT INTO notes VALUES (E'it\\'s; DROP TABLE users;');", .safe, "seed-insert"),
    .init("INSERT INTO notes VALUES (E'\\''); DROP TABLE users;", .unsafe, "drop-table"),
    .init("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT 'DROP TABLE users; DROP COLUMN x' $body$;", .safe, "create-function"),
    .init("CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $fn$BEGIN DELETE FROM x; END$fn$;", .safe, "create-function"),
    .init("CREATE TABLE acct$v2$ (id int);", .safe, "create-table"),
    .init("ALTER TABLE acct$v2$ ADD COLUMN note text;", .safe, "add-column-nullable"),
    .init("ALTER TABLE \"drop\" ADD COLUMN \"delete\" text;", .safe, "add-column-nullable"),
    .init("CREATE TABLE \"DROP TABLE users;\" (a int);", .safe, "create-table"),
    .init("SELECT 1; SELECT 2; DROP TABLE users;", .unsafe, "drop-table"),
    .init("CREATE TABLE a (x int); DROP VIEW v", .unsafe, "drop-view"),
    .init("ALTER TABLE users ADD COLUMN x int, DROP COLUMN email;", .unsafe, "drop-column"),
    .init("ALTER TABLE users ADD COLUMN x int, ALTER COLUMN y SET DEFAULT 0;", .safe, "add-column-nullable"),
    .init("INSERT INTO notes VALUES ('it''s; DROP TABLE users');", .safe, "seed-insert"),
    .init("-- only a comment\n/* and another */", .safe, "(none)"),
    .init("SELECT 'unterminated; DROP TABLE users;", .review, "parse-error"),
    .init("SELECT $$never closed DROP TABLE users;", .review, "parse-error"),
]

@Test(arguments: safeCases + reviewCases + unsafeCases + lexicalTrapCases + hiddenDestructionCases)
func migrationGetsItsVerdictAndRule(_ row: VerdictCase) {
    let report = MigrationClassifier.classify(sql: row.sql, file: "m.sql")
    #expect(report.verdict == row.verdict, "\(report.findings)")
    let deciding = report.findings.last { $0.verdict == report.verdict }
    #expect((deciding?.rule ?? "(none)") == row.rule, "\(report.findings)")
}

@Test func tableHasAtLeastEightyRows() {
    #expect(safeCases.count + reviewCases.count + unsafeCases.count + lexicalTrapCases.count >= 80)
}
