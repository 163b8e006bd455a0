import Testing

/// Rows for SQL that destroys or hides something behind a construct that once read as SAFE
/// (issue 12): none of these may be SAFE, and the harmless look-alikes beside them must stay SAFE.

/// `IF NOT EXISTS` and `OR REPLACE` prove nothing is new; `public` always exists.
let guardCases: [VerdictCase] = [
    .init("CREATE SCHEMA IF NOT EXISTS billing; DROP TABLE billing.invoices;", .unsafe, "drop-table"),
    .init("CREATE SCHEMA IF NOT EXISTS billing; ALTER TABLE billing.invoices RENAME COLUMN total TO amount;", .unsafe, "rename-column"),
    .init("CREATE SCHEMA IF NOT EXISTS public; ALTER TABLE public.users DROP COLUMN email;", .unsafe, "drop-column"),
    .init("CREATE SCHEMA public; DROP TABLE public.users;", .unsafe, "drop-table"),
    .init("CREATE TABLE IF NOT EXISTS users (id int); ALTER TABLE users ALTER COLUMN email SET NOT NULL;", .unsafe, "set-not-null"),
    .init("CREATE TABLE IF NOT EXISTS users (id int); DROP TABLE users;", .unsafe, "drop-table"),
    .init("CREATE TABLE IF NOT EXISTS users (id int); ALTER TABLE users RENAME TO accounts;", .unsafe, "rename-table"),
    .init("CREATE TABLE IF NOT EXISTS users AS SELECT 1 AS id; TRUNCATE users;", .unsafe, "truncate"),
    .init("CREATE TABLE IF NOT EXISTS users (id int); DELETE FROM users;", .unsafe, "delete-all"),
    .init("CREATE SEQUENCE IF NOT EXISTS users_id_seq; DROP SEQUENCE users_id_seq;", .unsafe, "drop-sequence"),
    .init("CREATE EXTENSION IF NOT EXISTS pgcrypto; DROP EXTENSION pgcrypto;", .unsafe, "drop-extension"),
    .init("CREATE INDEX IF NOT EXISTS users_email_idx ON users (email); DROP INDEX users_email_idx;", .review, "drop-index"),
    .init("CREATE OR REPLACE FUNCTION price(int) RETURNS int LANGUAGE sql AS 'SELECT 1'; DROP FUNCTION price(int);", .unsafe, "drop-function"),
    .init("CREATE OR REPLACE VIEW active_users AS SELECT 1 AS id; DROP VIEW active_users;", .unsafe, "drop-view"),
    .init("CREATE TABLE t (a int); SET search_path TO archive; DROP TABLE t;", .unsafe, "drop-table"),
    .init("CREATE TEMP TABLE users (id int); DROP TABLE users; DROP TABLE users;", .unsafe, "drop-table"),
    // Unguarded creates still prove newness.
    .init("CREATE SCHEMA reports; CREATE TABLE reports.daily (d date); ALTER TABLE reports.daily ALTER COLUMN d SET NOT NULL;", .safe, "new-object"),
    .init("SET search_path TO app; CREATE TABLE t (a int); DROP TABLE t;", .safe, "new-object"),
]

/// Statements that change rows from inside another statement, and calls anywhere in the tree.
let nestedStatementCases: [VerdictCase] = [
    .init("WITH gone AS (DELETE FROM users RETURNING id) SELECT count(*) FROM gone;", .unsafe, "delete-all"),
    .init("WITH moved AS (DELETE FROM users WHERE id > 0 RETURNING *) INSERT INTO users_archive SELECT * FROM moved;", .review, "delete-where"),
    .init("WITH x AS (UPDATE users SET email = NULL RETURNING id) SELECT 1;", .review, "update-all"),
    .init("INSERT INTO archive WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d;", .unsafe, "delete-all"),
    .init("INSERT INTO audit SELECT wipe_everything();", .review, "calls-function"),
    .init("CREATE TABLE snapshot AS SELECT purge_users();", .review, "calls-function"),
    .init("CREATE MATERIALIZED VIEW snapshot AS SELECT purge_users();", .review, "calls-function"),
    .init("PREPARE wipe AS DELETE FROM users; EXECUTE wipe;", .unsafe, "delete-all"),
    .init("PREPARE p AS SELECT purge_users(); EXECUTE p;", .review, "execute"),
    .init("MERGE INTO users u USING stale s ON u.id = s.id WHEN MATCHED THEN DELETE;", .review, "merge-delete"),
    .init("MERGE INTO users u USING stale s ON u.id = s.id WHEN MATCHED THEN UPDATE SET email = NULL;", .review, "merge-update"),
    .init("EXPLAIN ANALYZE DELETE FROM users;", .unsafe, "delete-all"),
    .init("SELECT * FROM (SELECT purge_users()) AS s;", .review, "calls-function"),
    .init("SELECT 1 WHERE EXISTS (SELECT purge_users());", .review, "calls-function"),
    .init("ALTER TABLE users ADD COLUMN token text DEFAULT purge_users();", .review, "calls-function"),
    .init("ALTER TABLE users ALTER COLUMN token SET DEFAULT purge_users();", .review, "calls-function"),
    .init("CREATE TABLE t (a int DEFAULT purge_users()); INSERT INTO t DEFAULT VALUES;", .review, "calls-function"),
    .init("CREATE INDEX users_purge ON users (purge_users(id));", .review, "calls-function"),
    .init("COPY (DELETE FROM users RETURNING *) TO STDOUT;", .unsafe, "delete-all"),
    .init("CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b int DEFAULT purge_users();", .review, "calls-function"),
    // Pure built-ins stay SAFE wherever they sit.
    .init("CREATE TABLE tokens (id uuid DEFAULT gen_random_uuid(), at timestamptz DEFAULT now(), name text DEFAULT lower('X'));", .safe, "create-table"),
    .init("INSERT INTO plans (name) SELECT coalesce(NULL, 'free');", .safe, "seed-insert"),
]

/// Code that runs because of the migration: triggers, rules, procedures, functions it cannot see.
let runningCodeCases: [VerdictCase] = [
    .init("CREATE TABLE inbox (id int); CREATE FUNCTION purge() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN DROP TABLE users; RETURN NEW; END$$; CREATE TRIGGER t AFTER INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION purge(); INSERT INTO inbox VALUES (1);", .unsafe, "trigger-drop-table"),
    .init("CREATE TABLE inbox (id int); CREATE FUNCTION wipe() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN DELETE FROM users; RETURN NEW; END$$; CREATE TRIGGER t BEFORE INSERT ON inbox FOR EACH ROW EXECUTE PROCEDURE wipe(); INSERT INTO inbox VALUES (1);", .unsafe, "trigger-delete-all"),
    .init("CREATE TABLE inbox (id int); CREATE TRIGGER t AFTER INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION purge_all(); INSERT INTO inbox VALUES (1);", .review, "calls-function"),
    .init("CREATE TABLE inbox (id int); CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$; CREATE TRIGGER t AFTER INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION note(); CREATE OR REPLACE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN TRUNCATE users; RETURN NEW; END$$; INSERT INTO inbox VALUES (1);", .unsafe, "trigger-function-truncate"),
    .init("CREATE TABLE inbox (id int); CREATE RULE r AS ON INSERT TO inbox DO INSTEAD DELETE FROM users; INSERT INTO inbox VALUES (1);", .unsafe, "delete-all"),
    .init("CREATE RULE r AS ON UPDATE TO users DO INSTEAD UPDATE accounts SET email = NULL;", .review, "create-rule"),
    .init("CREATE TABLE inbox (id int); CREATE RULE r AS ON INSERT TO inbox DO ALSO SELECT purge_users();", .review, "create-rule"),
    .init("CREATE TABLE inbox (id int); CREATE RULE r AS ON INSERT TO inbox DO ALSO DELETE FROM sessions;", .unsafe, "delete-all"),
    .init("CREATE PROCEDURE purge() LANGUAGE sql AS $$DELETE FROM users$$; CALL purge();", .unsafe, "calls-function-delete-all"),
    .init("CREATE PROCEDURE p() LANGUAGE plpgsql AS $$BEGIN DROP TABLE users; END$$; CALL p();", .unsafe, "calls-function-drop-table"),
    .init("SELECT dblink_exec('DROP TABLE users');", .review, "calls-function"),
    .init("SELECT pg_catalog.pg_terminate_backend(42);", .review, "calls-function"),
    .init("SELECT set_config('search_path', 'archive', false);", .review, "calls-function"),
    .init("CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$DECLARE n int; BEGIN n := purge_users(); END$$; SELECT f();", .review, "calls-function-calls-function"),
    .init("CREATE FUNCTION wipe() RETURNS bool LANGUAGE plpgsql AS $$BEGIN DROP TABLE users; RETURN true; END$$; CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$BEGIN IF wipe() THEN RETURN; END IF; END$$; SELECT g();", .unsafe, "calls-function-calls-function-drop-table"),
    .init("CREATE FUNCTION fz(int, int) RETURNS bool LANGUAGE sql AS 'DELETE FROM users RETURNING true'; CREATE OPERATOR === (FUNCTION = fz, LEFTARG = int, RIGHTARG = int); SELECT 1 === 2;", .unsafe, "operator-function-delete-all"),
    .init("SELECT 1 === 2;", .review, "operator"),
    .init("SELECT 1 OPERATOR(public.+) 2;", .review, "operator"),
    .init("CREATE FUNCTION fz(text) RETURNS int LANGUAGE plpgsql AS $$BEGIN TRUNCATE users; RETURN 1; END$$; CREATE CAST (text AS int) WITH FUNCTION fz(text);", .unsafe, "cast-function-truncate"),
    .init("CREATE CAST (text AS int) WITH FUNCTION purge_users(text) AS IMPLICIT;", .review, "create-cast"),
    .init("COMMIT PREPARED 'migration-42';", .review, "commit-prepared"),
    .init("SET ROLE admin;", .review, "set-role"),
    .init("SET SESSION AUTHORIZATION admin;", .review, "set-role"),
    // An operator and a trigger whose functions (in the set) are harmless stay SAFE.
    .init("CREATE FUNCTION fz(int, int) RETURNS bool LANGUAGE sql AS 'SELECT $1 = $2'; CREATE OPERATOR === (FUNCTION = fz, LEFTARG = int, RIGHTARG = int); SELECT 1 === 2, 'a' LIKE 'b', 3 BETWEEN 1 AND 4;", .safe, "select"),
    .init("CREATE TABLE inbox (id int, at timestamptz); CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.at := now(); RETURN NEW; END$$; CREATE TRIGGER t BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION stamp();", .safe, "new-object"),
]

/// Sequences moved back hand out ids the old binary's rows already have.
let sequenceCases: [VerdictCase] = [
    .init("SELECT setval('users_id_seq', 1);", .review, "setval"),
    .init("SELECT setval('users_id_seq', (SELECT max(id) FROM users));", .review, "setval"),
    .init("SELECT pg_catalog.setval('users_id_seq', 1, false);", .review, "setval"),
    .init("INSERT INTO t SELECT setval('users_id_seq', 1);", .review, "setval"),
    .init("ALTER SEQUENCE users_id_seq RESTART;", .unsafe, "sequence-restart"),
    .init("ALTER SEQUENCE users_id_seq RESTART WITH 1;", .unsafe, "sequence-restart"),
    .init("CREATE SEQUENCE IF NOT EXISTS users_id_seq; ALTER SEQUENCE users_id_seq RESTART WITH 1;", .unsafe, "sequence-restart"),
    .init("ALTER TABLE users ALTER COLUMN id RESTART WITH 1;", .unsafe, "sequence-restart"),
    .init("CREATE SEQUENCE s; ALTER SEQUENCE s RESTART WITH 5;", .safe, "new-object"),
]

/// Bytes the parser never sees: a NUL once ended the file there.
let unreadableByteCases: [VerdictCase] = [
    .init("CREATE TABLE t (a int);\0\nDROP TABLE users;", .unsafe, "drop-table"),
    .init("CREATE TABLE t (a int);\0 DROP TABLE users;", .unsafe, "drop-table"),
    .init("INSERT INTO notes VALUES ('a\0'); DROP TABLE users;", .unsafe, "drop-table"),
    .init("SELECT 1;\0", .review, "unreadable-bytes"),
    .init("CREATE TABLE t (a int); -- note\0 DROP TABLE users;", .review, "unreadable-bytes"),
    // libpg_query's splitter leaves out text it cannot make a statement of; it is judged all the same.
    .init("INSERT INTO a WITH d AS (DELETE FROM users RETURNING *", .review, "parse-error"),
    .init("TRUNCA\u{7F}TE users;", .review, "parse-error"),
    .init("\u{301}DROP TABLE users;", .review, "parse-error"),
    .init("SELECT 1; *) DROP TABLE users;", .review, "parse-error"),
]

/// goose and dbmate down markers count only in files that have the same tool's up marker.
let downMarkerCases: [VerdictCase] = [
    .init("-- migrate:down\nDROP TABLE users;", .unsafe, "drop-table"),
    .init("CREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE users;", .unsafe, "drop-table"),
    .init("-- +goose Up\nSELECT 1;\n-- migrate:down\nDROP TABLE users;", .unsafe, "drop-table"),
    .init("-- migrate:up\nSELECT 1;\n-- +goose Down\nDROP TABLE users;", .unsafe, "drop-table"),
    .init("-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE users;", .safe, "create-table"),
    .init("-- +goose Up\nCREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE users;", .safe, "create-table"),
]

let hiddenDestructionCases = guardCases + nestedStatementCases + runningCodeCases + sequenceCases
    + unreadableByteCases + downMarkerCases


@Test(arguments: [("guards", guardCases), ("nested statements", nestedStatementCases), ("running code", runningCodeCases),
                  ("sequences", sequenceCases), ("unreadable bytes", unreadableByteCases), ("down markers", downMarkerCases)])
func everyHiddenDestructionClassHasSeveralDestructiveVariants(_ name: String, _ rows: [VerdictCase]) {
    #expect(rows.filter { $0.verdict != .safe }.count >= 4, "\(name)")
}
