import Testing
@testable import MigrationSafety

/// A `git diff` adding a new file with these lines.
func newFileDiff(_ path: String, _ lines: [String]) -> String {
    """
    diff --git a/\(path) b/\(path)
    new file mode 100644
    index 0000000..1111111
    --- /dev/null
    +++ b/\(path)
    @@ -0,0 +1,\(lines.count) @@

    """ + lines.map { "+" + $0 }.joined(separator: "\n") + "\n"
}

@Test func anEmptyDiffIsSafe() {
    let report = MigrationClassifier.classify(diff: "")
    #expect(report.verdict == .safe && report.findings.isEmpty && report.files.isEmpty)
}

@Test func onlyTheAddedLinesOfANewMigrationRun() {
    let diff = newFileDiff("db/migrations/0043_drop_email.sql", ["-- drop the old column", "", "ALTER TABLE users DROP COLUMN email;"])
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .unsafe)
    #expect(report.findings.map(\.line) == [3])
    #expect(report.findings[0].file == "db/migrations/0043_drop_email.sql")
    #expect(report.files == ["db/migrations/0043_drop_email.sql"])
}

@Test func downMigrationFilesAreIgnored() {
    let diff = newFileDiff("db/0043_x.down.sql", ["DROP TABLE users;"])
        + newFileDiff("db/sql/U43__undo.sql", ["DROP TABLE users;"])
        + newFileDiff("migrations/2024-01-01-000000_x/down.sql", ["DROP TABLE users;"])
        + newFileDiff("db/0043_x.up.sql", ["CREATE TABLE t (a int);"])
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .safe)
    #expect(report.files == ["db/0043_x.up.sql"])
}

@Test func aFlywayVersionedMigrationStartingWithUIsNotMistakenForUndo() {
    #expect(!DownMigration.isDownFile("db/Users__table.sql"))
    #expect(DownMigration.isDownFile("db/U2.1__undo.sql"))
    #expect(!DownMigration.isDownFile("db/V2__add.sql"))
}

@Test func gooseDownSectionsAreIgnored() {
    let diff = newFileDiff("db/20240101_add.sql", [
        "-- +goose Up", "ALTER TABLE users ADD COLUMN nickname text;",
        "-- +goose Down", "ALTER TABLE users DROP COLUMN nickname;",
    ])
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .safe)
    #expect(report.findings.map(\.line) == [2])
}

@Test func dbmateDownSectionsAreIgnored() {
    let diff = newFileDiff("db/migrations/20240101_add.sql", [
        "-- migrate:up", "CREATE TABLE t (a int);", "", "-- migrate:down", "DROP TABLE t;", "DROP TABLE users;",
    ])
    #expect(MigrationClassifier.classify(diff: diff).verdict == .safe)
}

@Test func nonSQLFilesAreIgnored() {
    let diff = newFileDiff("db/README.md", ["DROP TABLE users;"]) + newFileDiff("db/seed.csv", ["DROP TABLE users;"])
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .safe && report.findings.isEmpty && report.files.isEmpty)
}

@Test func anEditedShippedMigrationIsHistoryDrift() {
    let diff = """
    diff --git a/db/0001_init.sql b/db/0001_init.sql
    index 1111111..2222222 100644
    --- a/db/0001_init.sql
    +++ b/db/0001_init.sql
    @@ -1,2 +1,2 @@
     CREATE TABLE users (id int);
    -CREATE INDEX users_id ON users (id);
    +CREATE INDEX users_id2 ON users (id);

    """
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .review)
    #expect(report.findings.first?.rule == "history-drift")
    #expect(report.findings.first?.line == 2)
}

@Test func aStatementAppendedToAShippedMigrationIsStillJudged() {
    let diff = """
    diff --git a/db/R__views.sql b/db/R__views.sql
    index 1111111..2222222 100644
    --- a/db/R__views.sql
    +++ b/db/R__views.sql
    @@ -1 +1,2 @@
     CREATE VIEW v AS SELECT 1;
    +DROP TABLE users;

    """
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .unsafe)
    #expect(report.findings.map(\.rule) == ["history-drift", "drop-table"])
    #expect(report.findings.last?.line == 2)
}

@Test func aCommentOnlyEditIsSafe() {
    let diff = """
    diff --git a/db/0001_init.sql b/db/0001_init.sql
    index 1111111..2222222 100644
    --- a/db/0001_init.sql
    +++ b/db/0001_init.sql
    @@ -1,3 +1,4 @@
    --- creates users
    +-- creates the users table
    +/* owner: identity team */
     CREATE TABLE users (id int);
    -ALTER TABLE users ADD COLUMN a int; -- old note
    +ALTER TABLE users   ADD COLUMN a int;

    """
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .safe)
    #expect(report.findings.map(\.rule) == ["comment-only-edit"])
}

@Test func removedCommentLinesInsideAHunkAreNotFileHeaders() throws {
    // "--- x" and "+++ y" inside the hunk are a removed SQL comment and an added line, not headers.
    let diff = """
    diff --git a/db/0002.sql b/db/0002.sql
    index 1111111..2222222 100644
    --- a/db/0002.sql
    +++ b/db/0002.sql
    @@ -1,2 +1,2 @@
    --- a/db/other.sql
    ++++ b/db/other.sql
     SELECT 1;

    """
    let changes = try DiffReader.fileChanges(in: diff)
    #expect(changes.count == 1)
    #expect(changes[0].path == "db/0002.sql")
    #expect(changes[0].hunks[0].lines == [.removed("-- a/db/other.sql"), .added("+++ b/db/other.sql"), .context("SELECT 1;")])
}

@Test func aDeletedShippedMigrationIsHistoryDrift() {
    let diff = """
    diff --git a/db/0001_init.sql b/db/0001_init.sql
    deleted file mode 100644
    index 1111111..0000000
    --- a/db/0001_init.sql
    +++ /dev/null
    @@ -1 +0,0 @@
    -CREATE TABLE users (id int);

    """
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .review)
    #expect(report.findings.map(\.rule) == ["history-drift"])
    #expect(report.findings[0].file == "db/0001_init.sql")
}

@Test func objectsCreatedInAnEarlierFileOfTheDiffAreNew() {
    let diff = newFileDiff("db/0010_create.sql", ["CREATE TABLE drafts (id int);"])
        + newFileDiff("db/0011_constrain.sql", ["ALTER TABLE drafts ALTER COLUMN id SET NOT NULL;", "DROP TABLE drafts;"])
    #expect(MigrationClassifier.classify(diff: diff).verdict == .safe)
}

@Test func quotedPathsAreUnquoted() {
    let diff = """
    diff --git "a/db/caf\\303\\251.sql" "b/db/caf\\303\\251.sql"
    new file mode 100644
    --- /dev/null
    +++ "b/db/caf\\303\\251.sql"
    @@ -0,0 +1 @@
    +TRUNCATE users;

    """
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.files == ["db/café.sql"])
    #expect(report.verdict == .unsafe)
}

@Test func hunkHeadersWithoutCountsMeanOneLine() {
    let header = DiffReader.hunkHeader("@@ -3 +4 @@ CREATE TABLE")
    #expect(header?.oldStart == 3 && header?.oldCount == 1 && header?.newStart == 4 && header?.newCount == 1)
}

/// A new file whose hunk header is `header`, adding a harmless line and a DROP.
private func diffWithHunkHeader(_ header: String) -> String {
    "diff --git a/db/1.sql b/db/1.sql\nnew file mode 100644\n--- /dev/null\n+++ b/db/1.sql\n\(header)\n+SELECT 1;\n+DROP TABLE users;\n"
}

@Test(arguments: ["@@ -0,0 +9223372036854775807,2 @@", "@@ -0,0 +99999999999999999999,2 @@", "@@ -0,0 +1,-2 @@",
                  "@@ -0,0 +-5,2 @@", "@@ -0,0 +1,18446744073709551616 @@", "@@ -0,0 +2147483648,2 @@",
                  "@@ -9223372036854775807 +1,2 @@", "@@ -x +1 @@", "@@ -0,0 +1,2,3 @@", "@@ +1,2 @@"])
func aHunkHeaderWithNumbersNoFileHasIsRefusedNotTrapped(_ header: String) {
    #expect(throws: MalformedDiff.self) { try MigrationClassifier.classifyStrictly(diff: diffWithHunkHeader(header)) }
    // The console's reading of the same diff: one REVIEW finding naming the header's line, never SAFE.
    let report = MigrationClassifier.classify(diff: diffWithHunkHeader(header))
    #expect(report.verdict == .review)
    #expect(report.findings.map(\.rule) == ["unreadable-diff"] && report.findings.first?.line == 5)
    #expect(report.findings.first?.file == "(git diff)")
}

@Test func theLargestLineNumberAFileCanHaveIsStillRead() throws {
    let report = try MigrationClassifier.classifyStrictly(diff: diffWithHunkHeader("@@ -0,0 +2147483647,2 @@"))
    #expect(report.verdict == .unsafe)
    #expect(report.findings.last?.line == 2_147_483_648)
}

@Test func anAddedLineStartingWithACombiningMarkIsStillAnAddedLine() {
    // "+\u{301}…" is one Character that is not "+": read by Characters, the line was context and never judged.
    let report = MigrationClassifier.classify(diff: newFileDiff("db/1.sql", ["SELECT 1;", "\u{301}DROP TABLE users;"]))
    #expect(report.verdict == .review)
    #expect(report.findings.last?.rule == "parse-error")
}

@Test func aDownMarkerInAnEditedFileCountsOnlyWithItsToolsUpMarkerInSight() {
    let edit = { (context: String) in """
    diff --git a/db/0001.sql b/db/0001.sql
    index 1111111..2222222 100644
    --- a/db/0001.sql
    +++ b/db/0001.sql
    @@ -1,2 +1,3 @@
     \(context)
     -- migrate:down
    +DROP TABLE users;

    """ }
    #expect(MigrationClassifier.classify(diff: edit("-- migrate:up")).verdict == .safe)
    #expect(MigrationClassifier.classify(diff: edit("SELECT 1;")).verdict == .unsafe)
}
