import Testing
import MigrationSafety

@Test func filesGivenTogetherAreOneMigrationSet() {
    let report = MigrationClassifier.classify([
        MigrationSource(file: "0001.sql", sql: "CREATE TABLE drafts (id int);"),
        MigrationSource(file: "0002.sql", sql: "ALTER TABLE drafts RENAME COLUMN id TO draft_id;"),
    ])
    #expect(report.verdict == .safe)
    #expect(report.files == ["0001.sql", "0002.sql"])
}

@Test func downFilesGivenOnTheCommandLineAreSkipped() {
    let report = MigrationClassifier.classify([
        MigrationSource(file: "db/0002_x.up.sql", sql: "CREATE TABLE t (a int);"),
        MigrationSource(file: "db/0002_x.down.sql", sql: "DROP TABLE users;"),
    ])
    #expect(report.verdict == .safe)
    #expect(report.files == ["db/0002_x.up.sql"])
}

@Test func aGooseDownSectionInAFileNeverRuns() {
    let sql = "-- +goose Up\nCREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE t;\nDROP TABLE users;\n"
    let report = MigrationClassifier.classify(sql: sql, file: "20240101_t.sql")
    #expect(report.verdict == .safe)
    #expect(report.findings.map(\.line) == [2])
}

@Test func aSecondGooseUpSectionRunsAgain() {
    let sql = "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n-- +goose Up\nDROP TABLE users;\n"
    let report = MigrationClassifier.classify(sql: sql, file: nil)
    #expect(report.verdict == .unsafe)
    #expect(report.findings.last?.line == 6)
}
