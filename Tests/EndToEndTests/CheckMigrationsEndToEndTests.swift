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
