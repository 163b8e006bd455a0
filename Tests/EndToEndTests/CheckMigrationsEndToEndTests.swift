import Foundation
import TestHarness
import Testing

/// `check-migrations` as CI runs it, on hostile files: nothing from the migration reaches the terminal
/// raw, nothing after a NUL is lost, and a diff it cannot trust is refused.
@Suite(.serialized)
struct CheckMigrationsEndToEndTests {
    /// ESC sequences (clear screen, retitle), BEL, a C1 CSI, DEL, a bidi override and a NUL.
    static let hostile = "ALTER TABLE \"\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}x\" DROP COLUMN a;\nSELECT 1;\u{0} DROP TABLE users;\nSELECT '\u{9B}31m\u{7F}';\n"
    static let unsafeScalars: Set<Unicode.Scalar> = ["\u{1B}", "\u{07}", "\u{9B}", "\u{7F}", "\u{202E}", "\u{0}"]

    /// The exit status of a child that exited (waitpid's raw status), nil when it did not.
    private func exitStatus(_ raw: Int32?) -> Int32? { raw.flatMap { ($0 & 0x7F) == 0 ? ($0 >> 8) & 0xFF : nil } }

    @Test func aHostileFilePrintsNoRawControlCharactersAndIsUnsafe() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/0043_\u{1B}[31mred\u{202E}.sql"
        try Data(Self.hostile.utf8).write(to: URL(fileURLWithPath: path))
        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", path])
        #expect(exitStatus(raw) == 2, "UNSAFE: the DROP after the NUL was read\n\(output)")
        #expect(!output.unicodeScalars.contains { Self.unsafeScalars.contains($0) }, "\(output.debugDescription)")
        #expect(output.contains("\\x1b[2J\\x1b]0;pwned\\x07\\u202ex"), "escaped, so a person sees it: \(output)")
        #expect(output.contains("0043_\\x1b[31mred\\u202e.sql:2  [drop-table]"))
        #expect(output.contains("[unreadable-bytes] line 2 holds a NUL byte"))
    }

    @Test func theJSONOutputKeepsTheStatementsExactly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/0043.sql"
        try Data(Self.hostile.utf8).write(to: URL(fileURLWithPath: path))
        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", "--format", "json", path])
        #expect(exitStatus(raw) == 2)
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let statements = (object?["findings"] as? [[String: Any]])?.compactMap { $0["statement"] as? String } ?? []
        #expect(statements.contains("ALTER TABLE \"\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}x\" DROP COLUMN a"), "\(statements)")
        #expect(statements.contains("SELECT '\u{9B}31m\u{7F}'"))
        #expect(!output.unicodeScalars.contains("\u{1B}"), "JSON escapes control characters itself")
    }

    @Test func bytesThatAreNotUTF8AreReviewedByLineNotRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/0044.sql"
        try Data("SELECT 1;\n".utf8 + [0xFF, 0xFE] + " bad;\nDROP TABLE users;\n".utf8).write(to: URL(fileURLWithPath: path))
        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", path])
        #expect(exitStatus(raw) == 2, "the DROP on line 3 is read\n\(output)")
        #expect(output.contains("0044.sql:2  [unreadable-bytes] line 2 holds bytes that are not UTF-8"), "\(output)")
    }

    @Test func aDiffWithAnAbsurdHunkHeaderExitsThreeWithoutATrap() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/bad.diff"
        let diff = "diff --git a/db/1.sql b/db/1.sql\nnew file mode 100644\n--- /dev/null\n+++ b/db/1.sql\n@@ -0,0 +9223372036854775807,2 @@\n+SELECT 1;\n+DROP TABLE users;\n"
        try Data(diff.utf8).write(to: URL(fileURLWithPath: path))
        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", "--diff", path])
        #expect(exitStatus(raw) == 3, "unreadable input, not a trap (a trap is a signal, no exit status)")
        #expect(output.isEmpty, "no verdict is printed for a diff that was not read: \(output)")
    }
}

/// `check-migrations --repo` on a real repository: the schema at --from is replayed, so a re-stated type
/// is not UNSAFE while a real drop still is; the same files without a repository say the schema was not known.
@Suite(.serialized)
struct CheckMigrationsSchemaEndToEndTests {
    private func exitStatus(_ raw: Int32?) -> Int32? { raw.flatMap { ($0 & 0x7F) == 0 ? ($0 >> 8) & 0xFF : nil } }

    private func git(_ directory: TemporaryDirectory, _ arguments: String...) throws -> String {
        let (raw, output) = try Spawn.status(["/usr/bin/env", "git", "-C", directory.path, "-c", "user.email=t@example.com", "-c", "user.name=T",
                                              "-c", "commit.gpgsign=false"] + arguments)
        #expect(exitStatus(raw) == 0, "git \(arguments): \(output)")
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aRestatedTypeIsNotUnsafeAndARealDropStillIs() throws {
        let directory = try TemporaryDirectory()
        _ = try git(directory, "init", "-q", "-b", "main")
        try FileManager.default.createDirectory(atPath: directory.path + "/db", withIntermediateDirectories: true)
        func write(_ name: String, _ sql: String) throws { try Data(sql.utf8).write(to: URL(fileURLWithPath: directory.path + "/db/" + name)) }
        try write("0031_orders.sql", "CREATE TABLE orders (id bigserial PRIMARY KEY, nid UUID, total numeric(10,2) NOT NULL);\n")
        _ = try git(directory, "add", "-A")
        _ = try git(directory, "commit", "-q", "-m", "orders")
        let good = try git(directory, "rev-parse", "HEAD")
        try write("0032_restate.sql", "ALTER TABLE orders ALTER COLUMN \"nid\" TYPE UUID, ALTER COLUMN \"nid\" DROP NOT NULL;\n")
        _ = try git(directory, "add", "-A")
        _ = try git(directory, "commit", "-q", "-m", "restate")
        let restated = try git(directory, "rev-parse", "HEAD")

        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", "--repo", directory.path,
                                              "--from", good, "--to", restated, "--path", "db/*.sql"])
        #expect(exitStatus(raw) == 0, "a re-stated type is no change: \(output)")
        #expect(output.contains("[same-type] orders.nid was uuid since db/0031_orders.sql"), "\(output)")
        #expect(output.contains("Schema: known: replayed 1 migration file at \(good)"), "\(output)")

        let (aloneRaw, alone) = try Spawn.status([Binary.path, "check-migrations", directory.path + "/db/0032_restate.sql"])
        #expect(exitStatus(aloneRaw) == 2, "without the schema it stays UNSAFE: \(alone)")
        #expect(alone.contains("Schema: not known (no repository was given)"), "\(alone)")

        try write("0033_drop.sql", "ALTER TABLE orders DROP COLUMN total;\n")
        _ = try git(directory, "add", "-A")
        _ = try git(directory, "commit", "-q", "-m", "drop")
        let (dropRaw, drop) = try Spawn.status([Binary.path, "check-migrations", "--repo", directory.path, "--format", "json",
                                                "--from", restated, "--to", "HEAD", "--path", "db/*.sql"])
        #expect(exitStatus(dropRaw) == 2, "a real drop stays UNSAFE: \(drop)")
        let object = try JSONSerialization.jsonObject(with: Data(drop.utf8)) as? [String: Any]
        #expect((object?["schema"] as? String)?.hasPrefix("known: replayed 2 migration files") == true, "\(drop)")
        let reasons = (object?["findings"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } ?? []
        #expect(reasons.contains { $0.contains("orders.total exists since db/0031_orders.sql") }, "\(reasons)")
    }
}

extension CheckMigrationsSchemaEndToEndTests {
    /// The real server's catalog catches what no statement showed: a column dropped by a function the release calls.
    @Test func theShadowPostgresFindsADropHiddenInAFunctionTheReleaseCalls() throws {
        let directory = try TemporaryDirectory()
        _ = try git(directory, "init", "-q", "-b", "main")
        try FileManager.default.createDirectory(atPath: directory.path + "/db", withIntermediateDirectories: true)
        func write(_ name: String, _ sql: String) throws { try Data(sql.utf8).write(to: URL(fileURLWithPath: directory.path + "/db/" + name)) }
        try write("V1__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, nid uuid, note text);\n"
                  + "CREATE FUNCTION tidy() RETURNS void LANGUAGE plpgsql AS $$BEGIN EXECUTE 'ALTER TABLE orders DROP COLUMN note'; END$$;\n")
        _ = try git(directory, "add", "-A")
        _ = try git(directory, "commit", "-q", "-m", "orders")
        let good = try git(directory, "rev-parse", "HEAD")
        try write("V2__hidden.sql", "ALTER TABLE orders ALTER COLUMN nid TYPE uuid;\nSELECT tidy();\n")
        _ = try git(directory, "add", "-A")
        _ = try git(directory, "commit", "-q", "-m", "hidden")

        let (raw, output) = try Spawn.status([Binary.path, "check-migrations", "--shadow-postgres", "--repo", directory.path,
                                              "--from", good, "--to", "HEAD", "--path", "db/*.sql"], timeout: 60)
        #expect(exitStatus(raw) == 2, "\(output)")
        #expect(output.contains("[shadow-drop-column] the shadow PostgreSQL has no public.orders.note after the release"), "\(output)")
        #expect(output.contains("[same-type] orders.nid was uuid since \(good) (shadow PostgreSQL)"), "\(output)")
        #expect(output.contains("Schema: known: the catalog of a shadow PostgreSQL with the migrations at \(good) applied"), "\(output)")
        #expect(!output.contains("using the replay model"), "\(output)")

        let (usageRaw, _, usage) = try Spawn.outputs([Binary.path, "check-migrations", "--shadow-postgres", directory.path + "/db/V1__orders.sql"])
        #expect(exitStatus(usageRaw) == 64, "\(usage)")
        #expect(usage.contains("--shadow-postgres needs --repo"), "\(usage)")
    }
}
