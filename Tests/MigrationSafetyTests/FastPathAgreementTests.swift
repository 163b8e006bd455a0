import Testing
@testable import MigrationSafety

/// The classifier's fast paths (statements found without the scanner's token list, a `;`-free text judged
/// from one parse) must give exactly the report of the slow way: every finding's file, line, statement
/// text, verdict, rule and reason, in order.
struct FastPathAgreementTests {
    static func bothWays(_ sources: [MigrationSource]) -> (fast: MigrationReport, slow: MigrationReport) {
        (MigrationClassifier.classify(sources, shortcuts: true), MigrationClassifier.classify(sources, shortcuts: false))
    }

    /// migration-bench's generated set: its first 300 migrations, in 3 files (the whole 10 MB is the same
    /// template with other numbers, and takes minutes in a debug build).
    @Test func benchSetGetsTheSameReportBothWays() {
        let sources = (0..<3).map { file in
            MigrationSource(file: "V\(file + 1)__bench.sql",
                            sql: (file * 100..<(file + 1) * 100).map(BenchMigrations.migration).joined())
        }
        let (fast, slow) = Self.bothWays(sources)
        #expect(fast.findings.count == 300 * 16)
        #expect(fast.findings.contains { $0.verdict == .unsafe } && fast.findings.contains { $0.verdict == .review })
        #expect(fast == slow)
    }

    /// The verdict table's rows and the fuzzer's hostile sets (comments everywhere, lexical traps, NULs,
    /// text the splitter leaves out), classified both ways.
    @Test(arguments: 0..<4)
    func hostileSetsGetTheSameReportBothWays(seed: UInt64) {
        let rows = (safeCases + reviewCases + unsafeCases + lexicalTrapCases + hiddenDestructionCases).map(\.sql)
        var fuzzer = MigrationFuzzer(seed: seed &+ 100, rows: rows)
        for index in 0..<300 {
            let input = fuzzer.next()
            let sources = input.files.enumerated().map { MigrationSource(file: "db/\(1000 + $0.offset)_fz.sql", bytes: $0.element) }
            let (fast, slow) = Self.bothWays(sources)
            #expect(fast == slow, "input \(index) (seed \(seed &+ 100))")
        }
        for row in rows {
            let (fast, slow) = Self.bothWays([MigrationSource(file: "row.sql", sql: row)])
            #expect(fast == slow, "\(row)")
        }
    }

    /// Where a comment or a left-out piece of text makes the shortcut unsure, it steps aside (nil).
    @Test(arguments: [
        ("SELECT 1; -- a comment\n/* nested /* twice */ */ SELECT 2;", true),
        ("SELECT 1;\n\n;;  SELECT 2", true),
        ("-- only a comment", true),
        ("TRUNCA\u{7F}TE x; SELECT 1;", false),
    ])
    func shortcutStepsAsideWhenTextIsLeftOut(sql: String, shortcut: Bool) {
        guard case .success(let pieces) = PostgresParser.split(sql) else { Issue.record("split failed"); return }
        let ranges = StatementSplitter.rangesWithoutScanning(pieces, in: Array(sql.utf8))
        #expect((ranges != nil) == shortcut)
        #expect(StatementSplitter.statements(in: sql) == StatementSplitter.statements(in: sql, scanning: true))
    }
}
