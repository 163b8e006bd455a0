import Foundation
import Testing
@testable import MigrationSafety

/// Issue 12's fuzz run: generated sets from the verdict table with destructive constructs inserted and
/// noise sprinkled; never SAFE when a destructive construct went in, never a crash or trap, and a diff
/// with an absurd hunk header is refused. 20,000 inputs by default; `MIGRATION_FUZZ_COUNT=1000000`
/// (and `MIGRATION_FUZZ_SEED`) for the long run (docs/TESTING.md has its figures).
@Test func generatedHostileMigrationsAreNeverSafe() {
    let environment = ProcessInfo.processInfo.environment
    let count = environment["MIGRATION_FUZZ_COUNT"].flatMap { Int($0) } ?? 20_000
    let seed = environment["MIGRATION_FUZZ_SEED"].flatMap { UInt64($0) } ?? 12
    let rows = (safeCases + reviewCases + unsafeCases + lexicalTrapCases + hiddenDestructionCases).map(\.sql)
    var fuzzer = MigrationFuzzer(seed: seed, rows: rows)
    var constructs: [String: Int] = [:], noise: [String: Int] = [:]
    var viaDiff = 0, absurdHeaders = 0, failures = 0
    let started = ContinuousClock.now
    for index in 0..<count {
        let input = fuzzer.next()
        constructs[input.construct?.kind ?? "none", default: 0] += 1
        for kind in Set(input.noise) { noise[kind.rawValue, default: 0] += 1 }
        let sources = input.files.enumerated().map { MigrationSource(file: "db/\(1000 + $0.offset)_fz.sql", bytes: $0.element) }
        var verdicts = [MigrationClassifier.classify(sources).verdict]
        if let diff = input.diff {
            viaDiff += 1
            let text = String(decoding: diff, as: UTF8.self)
            if input.absurdHunkHeader {
                absurdHeaders += 1
                let refused = (try? MigrationClassifier.classifyStrictly(diff: text)) == nil
                if !refused { failures += 1; Issue.record("input \(index) (seed \(seed)): an absurd hunk header was read") }
                verdicts.append(MigrationClassifier.classify(diff: text).verdict)
            } else if let report = try? MigrationClassifier.classifyStrictly(diff: text) {
                verdicts.append(report.verdict)
            } else {
                failures += 1
                Issue.record("input \(index) (seed \(seed)): a well-formed diff was refused")
            }
        }
        if input.construct?.destructive == true, verdicts.contains(.safe) {
            failures += 1
            if failures <= 5 {
                let text = input.files.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n<next file>\n")
                Issue.record("input \(index) (seed \(seed)) is SAFE with \(input.construct!.kind) inserted: \(text.debugDescription)")
            }
        }
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    print("migration fuzz: \(count) inputs (seed \(seed)) in \(String(format: "%.1f", seconds)) s, \(failures) failures;",
          "constructs \(constructs.sorted { $0.key < $1.key }), noise \(noise.sorted { $0.key < $1.key }),",
          "\(viaDiff) through the diff reader, \(absurdHeaders) absurd hunk headers")
    #expect(failures == 0)
    // Coverage, asserted not just printed: every class and every kind of noise was really exercised.
    let floor = count / 200
    for (kind, _) in MigrationFuzzer.destructive { #expect(constructs[kind, default: 0] >= floor, "\(kind)") }
    for kind in MigrationFuzzer.Noise.allCases { #expect(noise[kind.rawValue, default: 0] >= floor, "\(kind)") }
    #expect(absurdHeaders >= floor)
}

/// The oracle can fail: the same generator's destructive constructs, as plain files, are not SAFE today,
/// and a classifier that called them SAFE would be caught (checked on the constructs themselves).
@Test(arguments: MigrationFuzzer.destructive.flatMap { class_ in class_.variants.map { (class_.kind, $0) } })
func everyFuzzConstructIsDestructiveOnItsOwn(_ kind: String, _ sql: String) {
    #expect(MigrationClassifier.classify(sql: sql, file: "m.sql").verdict != .safe, "\(kind)")
}
