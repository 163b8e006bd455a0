import Testing
@testable import MigrationSafety

@Test func eachStatementIsFoundOnTheLineOfItsFirstToken() {
    let sql = """
    -- 0042: tidy users
    CREATE TABLE audit (id int);

    /* the dangerous one */
    ALTER TABLE users
      DROP COLUMN email;
    SELECT 1; SELECT 2
    """
    let report = MigrationClassifier.classify(sql: sql, file: "0042.sql")
    #expect(report.findings.map(\.line) == [2, 5, 7, 7])
    #expect(report.findings[1].statement == "ALTER TABLE users\n  DROP COLUMN email")
    #expect(report.findings.allSatisfy { $0.file == "0042.sql" })
    #expect(report.files == ["0042.sql"])
}

@Test func aSyntaxErrorDoesNotHideTheStatementsAfterIt() {
    let report = MigrationClassifier.classify(sql: "ALTER TABLE users DRPO COLUMN a;\nDROP TABLE users;", file: nil)
    #expect(report.findings.map(\.verdict) == [.review, .unsafe])
    #expect(report.findings[0].reason.contains("syntax error at or near \"DRPO\""))
    #expect(report.verdict == .unsafe)
}

@Test func anUnterminatedStringKeepsTheStatementsBeforeItAndIsReviewed() {
    let report = MigrationClassifier.classify(sql: "DROP TABLE users;\nINSERT INTO t VALUES ('oops);\nSELECT 1;", file: nil)
    #expect(report.findings.map(\.verdict) == [.unsafe, .review])
    #expect(report.findings[1].line == 2)
    #expect(report.findings[1].rule == "parse-error")
    #expect(report.findings[1].reason.contains("unterminated quoted string"))
}

@Test func everyActionOfAMultiActionAlterTableCounts() {
    let report = MigrationClassifier.classify(sql: "ALTER TABLE users ADD COLUMN nickname text, DROP COLUMN email;", file: nil)
    #expect(report.findings.count == 1)
    #expect(report.findings[0].rule == "drop-column")
    #expect(report.findings[0].reason.contains("users.email"))
}

@Test func stdinFindingsHaveNoFile() {
    let report = MigrationClassifier.classify(sql: "ALTER TABLE users DROP COLUMN email;", file: nil)
    #expect(report.findings == [Finding(file: nil, line: 1, statement: "ALTER TABLE users DROP COLUMN email",
                                        verdict: .unsafe, rule: "drop-column",
                                        reason: "drops users.email, which the old binary reads and writes")])
    #expect(report.files.isEmpty)
}

@Test func emptyInputIsSafeWithNoFindings() {
    let report = MigrationClassifier.classify(sql: "  \n-- nothing\n", file: "empty.sql")
    #expect(report.verdict == .safe)
    #expect(report.findings.isEmpty)
}

@Test func nonASCIITextKeepsLinesRight() {
    let report = MigrationClassifier.classify(sql: "COMMENT ON TABLE t IS 'café ☕';\n\nDROP TABLE t;", file: nil)
    #expect(report.findings.map(\.line) == [1, 3])
    #expect(report.findings[1].statement == "DROP TABLE t")
}

@Test func aRenameStaysUnsafeWhenTheViewHasAnotherName() {
    let report = MigrationClassifier.classify(sql: "ALTER TABLE users RENAME TO accounts; CREATE VIEW people AS SELECT * FROM accounts;", file: nil)
    #expect(report.verdict == .unsafe)
}

@Test func aRenameInsideADoBlockIsNotSoftenedByAView() {
    let sql = "DO $$BEGIN ALTER TABLE users RENAME TO accounts; DROP TABLE orders; END$$; CREATE VIEW users AS SELECT * FROM accounts;"
    #expect(MigrationClassifier.classify(sql: sql, file: nil).verdict == .unsafe)
}

@Test func aNewColumnWithARealDefaultMayBecomeNotNullAfterReview() {
    let sql = "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free'; ALTER TABLE users ALTER COLUMN plan SET NOT NULL;"
    #expect(MigrationClassifier.classify(sql: sql, file: nil).verdict == .review)
}

@Test func droppingTheDefaultOfANewNotNullColumnIsUnsafe() {
    let sql = "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free'; ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;"
    #expect(MigrationClassifier.classify(sql: sql, file: nil).verdict == .unsafe)
}

@Test func aFunctionCalledInTheSameSetIsReadNotTrusted() {
    let sql = "CREATE FUNCTION m() RETURNS void LANGUAGE sql AS 'DELETE FROM users'; SELECT m();"
    let report = MigrationClassifier.classify(sql: sql, file: nil)
    #expect(report.verdict == .unsafe)
    #expect(report.findings.last?.rule == "calls-function-delete-all")
}
