import Foundation

/// One migration as a caller hands it over: a file's text, or standard input (file nil).
public struct MigrationSource: Sendable, Equatable {
    public var file: String?
    public var sql: String

    public init(file: String?, sql: String) {
        self.file = file
        // Native UTF-8 once: a bridged string (Foundation's `String(contentsOfFile:)`) would be copied by
        // every byte search over it (migration-bench read its files that way and took twice as long).
        var sql = sql
        sql.makeContiguousUTF8()
        self.sql = sql
    }

    /// A file's bytes as they are: bytes that are not UTF-8 become U+FFFD and a NUL stays, and the
    /// classifier makes each such line a REVIEW finding instead of refusing or shortening the file.
    public init(file: String?, bytes: some Collection<UInt8>) {
        self.init(file: file, sql: String(decoding: bytes, as: UTF8.self))
    }
}

extension MigrationClassifier {
    /// Classifies several migrations in order, as one set: objects an earlier one creates are new to
    /// later ones. Down migrations (`*.down.sql`, Flyway `U…`) are skipped; down sections are blanked.
    public static func classify(_ sources: [MigrationSource]) -> MigrationReport {
        classify(sources, shortcuts: true)
    }

    /// `shortcuts` off: the slow way the fast paths must agree with (see `StatementJudge.shortcuts`).
    static func classify(_ sources: [MigrationSource], shortcuts: Bool) -> MigrationReport {
        var session = ClassificationSession(shortcuts: shortcuts)
        let kept = sources.filter { source in source.file.map { !DownMigration.isDownFile($0) } ?? true }
        guard shortcuts else {
            for source in kept { session.classify(sql: upSections(of: source.sql), file: source.file) }
            return session.report
        }
        // Files are split and parsed a few ahead on a second core; the judging stays in order, here.
        let texts = kept.map { upSections(of: $0.sql) }
        ParsedFile.inOrder(texts) { index, parsed in
            session.classify(sql: texts[index], file: kept[index].file, parsed: parsed)
        }
        return session.report
    }

    /// goose and dbmate files: everything after `-- +goose Down` / `-- migrate:down` never runs on deploy,
    /// in a file that has the same tool's up marker.
    static func upSections(of sql: String) -> String {
        // Fast path: a file without either tool's up marker has no down section to blank.
        // A byte search: Foundation's `contains` compares UTF-16 and took a tenth of the classifier's time.
        guard sql.containsBytes("+goose Up") || sql.containsBytes("migrate:up") else { return sql }
        // Split on the byte: "\r\n" is one Character, and would hide every line break of a CRLF file.
        let lines = sql.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        return DownMigration.upSections(lines).joined(separator: "\n")
    }
}

extension String {
    /// How many times `byte` occurs in the text's UTF-8.
    func countBytes(_ byte: UInt8) -> Int {
        var text = self
        return text.withUTF8 { bytes in
            var count = 0
            for candidate in bytes where candidate == byte { count += 1 }
            return count
        }
    }

    /// Whether the text holds `needle` byte for byte (no Unicode equivalence: for ASCII markers).
    func containsBytes(_ needle: String) -> Bool {
        var text = self
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { wanted in
                guard !wanted.isEmpty else { return true }
                guard haystack.count >= wanted.count else { return false }
                // memchr to each candidate first byte, then compare the rest.
                let base = haystack.baseAddress!
                var offset = 0
                let last = haystack.count - wanted.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(wanted[0]), last - offset + 1) else { return false }
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, wanted.baseAddress!, wanted.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
