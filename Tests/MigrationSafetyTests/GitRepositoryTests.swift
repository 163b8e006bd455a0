import Foundation
import Testing
import MigrationSafety

/// A throwaway git repository in a temp directory; git runs with an argv array, never a shell.
struct ScratchRepository {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ms-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "Test")
        try git("config", "commit.gpgsign", "false")
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }

    /// Commits everything and returns the new commit's SHA.
    @discardableResult
    func commit(_ message: String) throws -> String {
        try git("add", "--all", ".")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What the console runs for Step 0.
    func migrationDiff(from: String, to: String, glob: String = "db/**") throws -> String {
        try git("diff", "\(from)..\(to)", "--", glob)
    }

    /// What the console runs to replay the schema at a revision: every migration, added to the empty tree.
    func migrationHistory(at revision: String, glob: String = "db/**") throws -> String {
        let empty = try git("hash-object", "-t", "tree", "/dev/null").trimmingCharacters(in: .whitespacesAndNewlines)
        return try git("diff", "--no-renames", empty, revision, "--", glob)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "git \(arguments) failed"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    func delete() { try? FileManager.default.removeItem(at: root) }
}

@Test func aReleaseThatOnlyAddsANullableColumnIsSafeToRollBack() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int, email text);\n")
    let good = try repo.commit("init")
    try repo.write("db/0002_nickname.sql", "-- nickname for the profile page\nALTER TABLE users ADD COLUMN nickname text;\n")
    try repo.write("app/main.go", "package main\n")
    let bad = try repo.commit("nickname")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .safe)
    #expect(report.files == ["db/0002_nickname.sql"])
    #expect(report.findings.map(\.line) == [2])
}

@Test func aReleaseThatDropsAColumnStopsTheRollback() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int, email text);\n")
    let good = try repo.commit("init")
    try repo.write("db/0002_drop_email.up.sql", "ALTER TABLE users\n  DROP COLUMN email;\n")
    try repo.write("db/0002_drop_email.down.sql", "ALTER TABLE users ADD COLUMN email text;\n")
    let bad = try repo.commit("drop email")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .unsafe)
    #expect(report.findings.count == 1)
    #expect(report.findings[0].file == "db/0002_drop_email.up.sql")
    #expect(report.findings[0].line == 1)
    #expect(report.files == ["db/0002_drop_email.up.sql"])
}

@Test func severalCommitsBetweenLastGoodAndCurrentAreCheckedTogether() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int);\n")
    let good = try repo.commit("init")
    try repo.write("db/0002_drafts.sql", "CREATE TABLE drafts (id int);\n")
    try repo.commit("drafts")
    try repo.write("db/0003_drafts_pk.sql", "ALTER TABLE drafts ADD PRIMARY KEY (id);\nCREATE TYPE mood AS ENUM ('ok');\n")
    try repo.write("db/0004_mood.sql", "ALTER TYPE mood ADD VALUE 'great';\n")
    let bad = try repo.commit("pk and mood")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .safe, "\(report.findings)")
    #expect(report.files == ["db/0002_drafts.sql", "db/0003_drafts_pk.sql", "db/0004_mood.sql"])
}

@Test func editingAShippedMigrationInTheRepositoryIsReviewed() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "-- users\nCREATE TABLE users (id int);\nCREATE INDEX users_id ON users (id);\n")
    let good = try repo.commit("init")
    try repo.write("db/0001_init.sql", "-- users\nCREATE TABLE users (id int);\nCREATE UNIQUE INDEX users_id ON users (id);\n")
    let bad = try repo.commit("edit")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .review)
    #expect(report.findings.map(\.rule) == ["history-drift", "unique-index"])
    #expect(report.findings.map(\.line) == [3, 3])
}

@Test func rewordingCommentsOfAShippedMigrationInTheRepositoryIsSafe() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "-- users\n-- second line\nCREATE TABLE users (id int);\n")
    let good = try repo.commit("init")
    try repo.write("db/0001_init.sql", "-- the users table\n/* reviewed */\nCREATE TABLE users (id int);\n")
    let bad = try repo.commit("comments")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .safe)
    #expect(report.findings.map(\.rule) == ["comment-only-edit"])
}

@Test func removingACommentThatStartsWithTwoDashesInTheRepositoryIsSafe() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    // The removed line shows as "--- a/b" in the diff, which looks like a file header.
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int);\n-- a/b\n+++ not sql\n")
    let good = try repo.commit("init")
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int);\n")
    let bad = try repo.commit("remove")
    let diff = try repo.migrationDiff(from: good, to: bad)
    #expect(diff.contains("\n--- a/b\n"))
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.files == ["db/0001_init.sql"])
    // "+++ not sql" was not a comment, so removing it is a real edit.
    #expect(report.findings.map(\.rule) == ["history-drift"])
}

@Test func deletingAShippedMigrationInTheRepositoryIsReviewed() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int);\n")
    let good = try repo.commit("init")
    try repo.remove("db/0001_init.sql")
    let bad = try repo.commit("remove")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .review)
    #expect(report.findings.map(\.rule) == ["history-drift"])
}

@Test func aGooseMigrationInTheRepositoryIsJudgedOnItsUpSection() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/README.md", "migrations\n")
    let good = try repo.commit("init")
    try repo.write("db/20240101120000_rename.sql", """
        -- +goose Up
        -- +goose StatementBegin
        ALTER TABLE users RENAME COLUMN email TO email_address;
        -- +goose StatementEnd

        -- +goose Down
        ALTER TABLE users RENAME COLUMN email_address TO email;

        """)
    try repo.write("db/README.md", "migrations, goose style\n")
    let bad = try repo.commit("rename")
    let report = MigrationClassifier.classify(diff: try repo.migrationDiff(from: good, to: bad))
    #expect(report.verdict == .unsafe)
    #expect(report.findings.map(\.line) == [3])
    #expect(report.findings.map(\.rule) == ["rename-column"])
}

@Test func noMigrationChangesBetweenRevisionsIsSafe() throws {
    let repo = try ScratchRepository()
    defer { repo.delete() }
    try repo.write("db/0001_init.sql", "CREATE TABLE users (id int);\n")
    let good = try repo.commit("init")
    try repo.write("app/main.go", "package main\n")
    let bad = try repo.commit("code only")
    let diff = try repo.migrationDiff(from: good, to: bad)
    #expect(diff.isEmpty)
    let report = MigrationClassifier.classify(diff: diff)
    #expect(report.verdict == .safe && report.findings.isEmpty && report.files.isEmpty)
}
