@testable import MigrationSafety
import TestHarness

/// A seeded generator of hostile migration sets: verdict-table rows with one construct of issue 12's
/// classes inserted between them, then NULs, bytes that are not UTF-8, control characters and huge
/// numbers sprinkled anywhere. None of the noise can turn a destructive statement into a harmless one
/// (it never adds quotes or comment openers), so the oracle holds: destructive inserted → never SAFE.
struct MigrationFuzzer {
    /// What one input holds, for the oracle and for the coverage counts.
    struct Input {
        var files: [[UInt8]]
        var construct: Construct?
        var noise: [Noise]
        /// The set as one new file in a `git diff`, when this input goes through the diff reader.
        var diff: [UInt8]?
        var absurdHunkHeader = false
    }

    struct Construct {
        var kind: String
        var sql: String
        var destructive: Bool
    }

    enum Noise: String, CaseIterable { case nul, invalidUTF8, control, combiningMark, hugeNumber, whitespace }

    /// One destructive construct per class of issue 12, each with a few variants; `fz_` names no row uses.
    static let destructive: [(kind: String, variants: [String])] = [
        ("guard", ["CREATE SCHEMA IF NOT EXISTS fz_s; DROP TABLE fz_s.fz_t;",
                   "CREATE TABLE IF NOT EXISTS fz_t (id int); DROP TABLE fz_t;",
                   "CREATE TABLE IF NOT EXISTS fz_t (id int); ALTER TABLE fz_t DROP COLUMN fz_c;",
                   "CREATE SCHEMA IF NOT EXISTS public; ALTER TABLE public.fz_t RENAME TO fz_u;",
                   "CREATE OR REPLACE VIEW fz_v AS SELECT 1; DROP VIEW fz_v;",
                   "CREATE SEQUENCE IF NOT EXISTS fz_seq; DROP SEQUENCE fz_seq;"]),
        ("nested", ["WITH fz AS (DELETE FROM fz_t RETURNING 1) SELECT 1;",
                    "INSERT INTO fz_a WITH d AS (DELETE FROM fz_t RETURNING *) SELECT * FROM d;",
                    "PREPARE fz_p AS DELETE FROM fz_t; EXECUTE fz_p;",
                    "EXPLAIN ANALYZE DELETE FROM fz_t;",
                    "MERGE INTO fz_t t USING fz_s s ON t.id = s.id WHEN MATCHED THEN DELETE;",
                    "CREATE TABLE fz_n AS SELECT fz_purge();",
                    "SELECT * FROM (SELECT fz_purge()) s;",
                    "COPY (DELETE FROM fz_t RETURNING *) TO STDOUT;"]),
        ("running", ["CREATE TABLE fz_in (id int); CREATE FUNCTION fz_f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN DROP TABLE fz_t; RETURN NEW; END$$; CREATE TRIGGER fz_tr AFTER INSERT ON fz_in FOR EACH ROW EXECUTE FUNCTION fz_f(); INSERT INTO fz_in VALUES (1);",
                     "CREATE TABLE fz_in (id int); CREATE RULE fz_r AS ON INSERT TO fz_in DO INSTEAD DELETE FROM fz_t; INSERT INTO fz_in VALUES (1);",
                     "CREATE PROCEDURE fz_p() LANGUAGE sql AS $$DELETE FROM fz_t$$; CALL fz_p();",
                     "CALL fz_proc();",
                     "SELECT fz_unknown();",
                     "DO $$BEGIN DROP TABLE fz_t; END$$;",
                     "CREATE FUNCTION fz_o(int, int) RETURNS bool LANGUAGE sql AS 'DELETE FROM fz_t RETURNING true'; CREATE OPERATOR === (FUNCTION = fz_o, LEFTARG = int, RIGHTARG = int); SELECT 1 === 2;",
                     "CREATE FUNCTION fz_c(text) RETURNS int LANGUAGE plpgsql AS $$BEGIN TRUNCATE fz_t; RETURN 1; END$$; CREATE CAST (text AS int) WITH FUNCTION fz_c(text);"]),
        ("sequence", ["SELECT setval('fz_seq', 1);", "ALTER SEQUENCE fz_seq RESTART;", "ALTER SEQUENCE fz_seq RESTART WITH 1;",
                      "ALTER TABLE fz_t ALTER COLUMN id RESTART WITH 1;"]),
        ("unseen-text", ["SELECT 1;\u{0}\nDROP TABLE fz_t;", "SELECT 1; -- x\u{0}\nDROP TABLE fz_t;"]),
        ("down-marker", ["-- migrate:down\nDROP TABLE fz_t;", "-- +goose Down\nDROP TABLE fz_t;"]),
        ("plain", ["DROP TABLE fz_t;", "TRUNCATE fz_t;", "ALTER TABLE fz_t DROP COLUMN fz_c;", "DELETE FROM fz_t;"]),
    ]

    /// Harmless constructs: only "no crash" is asked of them.
    static let harmless = ["CREATE TABLE fz_new (id int);", "SELECT now();", "INSERT INTO fz_t VALUES (1);",
                           "CREATE INDEX fz_i ON fz_t (id);", "ALTER TABLE fz_t ADD COLUMN fz_x int;"]

    /// Rows to build on: every table row except the ones with goose or dbmate markers, which could
    /// legitimately make an inserted line a down section.
    let bases: [String]
    private var random: SeededRandom

    init(seed: UInt64, rows: [String]) {
        random = SeededRandom(seed: seed)
        bases = rows.filter { !$0.contains("+goose") && !$0.contains("migrate:") }
    }

    mutating func next() -> Input {
        var pieces = (0..<random.below(4)).map { _ in bases[random.below(bases.count)] }
        var construct: Construct?
        if random.below(8) != 0 {
            let chosen = Self.destructive[random.below(Self.destructive.count)]
            construct = Construct(kind: chosen.kind, sql: chosen.variants[random.below(chosen.variants.count)], destructive: true)
        } else {
            construct = Construct(kind: "harmless", sql: Self.harmless[random.below(Self.harmless.count)], destructive: false)
        }
        pieces.insert(construct!.sql, at: random.below(pieces.count + 1))
        // Each piece on its own lines, so a row's trailing `--` comment or missing `;` cannot reach into the next.
        var bytes = Array(pieces.joined(separator: "\n;\n").utf8)
        var noise: [Noise] = []
        for _ in 0..<random.below(4) {
            let kind = Noise.allCases[random.below(Noise.allCases.count)]
            if mutate(&bytes, kind) { noise.append(kind) }
        }
        var input = Input(files: split(bytes), construct: construct, noise: noise)
        if random.below(4) == 0 {
            input.absurdHunkHeader = random.below(3) == 0
            input.diff = newFileDiff(bytes, absurd: input.absurdHunkHeader)
        }
        return input
    }

    /// Noise that may make a statement unreadable but never turns SQL into a string or a comment.
    private mutating func mutate(_ bytes: inout [UInt8], _ kind: Noise) -> Bool {
        let at = random.below(bytes.count + 1)
        switch kind {
        case .nul: bytes.insert(0, at: at)
        case .invalidUTF8:
            let choices: [[UInt8]] = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]]
            bytes.insert(contentsOf: choices[random.below(choices.count)], at: at)
        case .control:
            let choices: [[UInt8]] = [[0x1B, 0x5B, 0x32, 0x4A], [0x07], [0x7F], [0xC2, 0x9B], [0xE2, 0x80, 0xAE], [0x08]]
            bytes.insert(contentsOf: choices[random.below(choices.count)], at: at)
        case .combiningMark:
            // At a line's start: in a diff it follows the "+" (a Character-based reader would lose the line).
            let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
            bytes.insert(contentsOf: [0xCC, 0x81], at: lineStarts[random.below(lineStarts.count)])
        case .hugeNumber:
            guard let digit = bytes.indices.filter({ bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }).randomElement(using: &random) else { return false }
            let numbers = ["99999999999999999999999999999999", "9223372036854775808", "18446744073709551616", "2147483648", "1e999999"]
            bytes.replaceSubrange(digit...digit, with: Array(numbers[random.below(numbers.count)].utf8))
        case .whitespace:
            guard let space = bytes.indices.filter({ bytes[$0] == 0x20 }).randomElement(using: &random) else { return false }
            let choices = ["\n", "\t", "  ", " /* fz */ ", "\r\n"]
            bytes.replaceSubrange(space...space, with: Array(choices[random.below(choices.count)].utf8))
        }
        return true
    }

    /// One to three files, cut at line starts.
    private mutating func split(_ bytes: [UInt8]) -> [[UInt8]] {
        let lineStarts = bytes.indices.filter { $0 > 0 && bytes[$0 - 1] == 0x0A }
        var cuts = (0..<random.below(3)).compactMap { _ in lineStarts.randomElement(using: &random) }
        cuts = Array(Set(cuts)).sorted()
        var files: [[UInt8]] = []
        var start = 0
        for cut in cuts { files.append(Array(bytes[start..<cut])); start = cut }
        files.append(Array(bytes[start...]))
        return files
    }

    private mutating func newFileDiff(_ bytes: [UInt8], absurd: Bool) -> [UInt8] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let headers = ["@@ -0,0 +99999999999999999999,\(lines.count) @@", "@@ -0,0 +9223372036854775807,\(lines.count) @@",
                       "@@ -0,0 +1,-\(lines.count) @@", "@@ -0,0 +-5,\(lines.count) @@", "@@ -0,0 +1,18446744073709551616 @@",
                       "@@ -0,0 +2147483648,\(lines.count) @@", "@@ -x +1 @@", "@@ -0,0 +1,2,3 @@"]
        let header = absurd ? headers[random.below(headers.count)] : "@@ -0,0 +1,\(lines.count) @@"
        var diff = Array("diff --git a/db/0099_fz.sql b/db/0099_fz.sql\nnew file mode 100644\n--- /dev/null\n+++ b/db/0099_fz.sql\n\(header)\n".utf8)
        for line in lines { diff += [UInt8(ascii: "+")] + line + [0x0A] }
        return diff
    }
}
