// migration-bench: classifies a generated ~10 MB migration set and prints MB/s, times the schema
// replay of the same files (what --repo does first); runs the same
// files through squawk (PyPI squawk-cli) when it is on PATH and prints the ratio.
// Run: swift run -c release migration-bench [MEGABYTES [DIR]]   (DIR: keep the generated set there)
//      migration-bench check FILE...                      (classify only; for a whole-process timer)
import Foundation
import MigrationSafety

// `migration-bench check FILE...`: classify those files and print the verdict, nothing else, so a
// whole-process timer can hold it against `squawk FILE...` on the same files (see README's Benchmarks).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "check" {
    let sources = arguments.dropFirst().map { path in
        MigrationSource(file: path, bytes: FileManager.default.contents(atPath: path) ?? Data())
    }
    let report = MigrationClassifier.classify(sources)
    print("\(report.verdict.word): \(report.findings.count) statements in \(report.files.count) files")
    exit(0)
}

// 1 to 1000 MB: a number outside that is clamped, never multiplied past Int's range.
let targetBytes = min(max(arguments.first.flatMap(Int.init) ?? 10, 1), 1000) * 1_000_000
let filesWanted = 200
// `migration-bench MEGABYTES DIR`: write the set into DIR (kept) instead of a temporary directory.
let keptDirectory = arguments.count > 1 ? URL(fileURLWithPath: arguments[1]) : nil

// Generate the set on disk, so both tools read the same files.
let directory = keptDirectory
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("migration-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { if keptDirectory == nil { try? FileManager.default.removeItem(at: directory) } }
var paths: [String] = []
var totalBytes = 0
var n = 0
let bytesPerFile = targetBytes / filesWanted
for file in 0..<filesWanted {
    var text = ""
    while text.utf8.count < bytesPerFile { text += BenchMigrations.migration(n); n += 1 }
    let path = directory.appendingPathComponent(String(format: "V%04d__bench.sql", file + 1)).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    paths.append(path)
    totalBytes += text.utf8.count
}
let megabytes = Double(totalBytes) / 1_000_000
print(String(format: "migration set: %d files, %.2f MB, %d migrations", paths.count, megabytes, n))

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

// Ours: read and classify every file, as `check-migrations FILE...` does (bytes, decoded as UTF-8).
let clock = ContinuousClock()
var report = MigrationReport.empty
let ours = clock.measure {
    let sources = paths.map { MigrationSource(file: $0, bytes: FileManager.default.contents(atPath: $0) ?? Data()) }
    report = MigrationClassifier.classify(sources)
}
let oursRate = megabytes / seconds(ours)
print(String(format: "incident-console (libpg_query): %.2f s, %.2f MB/s, %d statements, verdict %@",
             seconds(ours), oursRate, report.findings.count, report.verdict.word))

// The schema replay `--repo` and Step 0 run first: every file at the last good revision, in order.
var schema = SchemaReplay.replay([], revision: "bench")
let replay = clock.measure {
    let sources = paths.map { MigrationSource(file: $0, sql: (try? String(contentsOfFile: $0, encoding: .utf8)) ?? "") }
    schema = SchemaReplay.replay(sources, revision: "bench")
}
print(String(format: "schema replay: %.2f s, %.2f MB/s (%@)", seconds(replay), megabytes / seconds(replay), schema.description))

/// The first executable called `name` on PATH.
func onPath(_ name: String) -> String? {
    let entries = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    return entries.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

guard let squawk = onPath("squawk") else {
    print("squawk: not found on PATH (pip install squawk-cli); no comparison this run")
    exit(0)
}
let process = Process()
process.executableURL = URL(fileURLWithPath: squawk)
process.arguments = paths
process.standardOutput = FileHandle.nullDevice
process.standardError = FileHandle.nullDevice
let theirs = try clock.measure {
    try process.run()
    process.waitUntilExit()
}
let theirsRate = megabytes / seconds(theirs)
print(String(format: "squawk (%@): %.2f s, %.2f MB/s, exit %d", squawk, seconds(theirs), theirsRate, process.terminationStatus))
print(String(format: "ratio: incident-console is %.2fx squawk's throughput", oursRate / theirsRate))
