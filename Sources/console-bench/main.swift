// console-bench: how fast the console's hot paths are, as figures (not a timed test).
// Usage: swift run -c release console-bench JOURNAL   (any journal, e.g. one a demo walk wrote)
//        console-bench generate SEED EVENTS OUT      (a long incident's journal from a short one: scripts/bench)
import ConsoleUI
import Foundation
import Storage
import RunbookEngine

if CommandLine.arguments.count == 5, CommandLine.arguments[1] == "generate", let count = Int(CommandLine.arguments[3]) {
    do { try LongJournal.generate(seed: CommandLine.arguments[2], events: count, into: CommandLine.arguments[4]) } catch {
        FileHandle.standardError.write(Data("console-bench: \(error)\n".utf8))
        exit(3)
    }
    exit(0)
}
guard CommandLine.arguments.count == 2 else {
    print("usage: console-bench JOURNAL   (e.g. the journal of `incident-console demo --speed 60 --journal /tmp/j.jsonl`)")
    print("       console-bench generate SEED EVENTS OUT")
    exit(2)
}
let path = CommandLine.arguments[1]
let contents: JournalContents
do { contents = try JournalReader.read(path: path) } catch {
    print("console-bench: \(error)")
    exit(3)
}
let events = contents.events
let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

/// The median of `repeats` runs: other builds on a shared machine make the mean wander.
func measure(_ label: String, repeats: Int, unit: String, count: Int, _ body: () -> Void) {
    let clock = ContinuousClock()
    body() // warm up
    let runs = (0..<repeats).map { _ in clock.measure(body) }.sorted()
    let median = runs[runs.count / 2]
    let each = Double(median.components.seconds) + Double(median.components.attoseconds) / 1e18
    print(String(format: "%-34@ %10.3f ms  (%.0f %@/s)", label as NSString, each * 1000, Double(count) / each, unit as NSString))
}

print("journal: \(events.count) events, \(bytes / 1024) KiB")
measure("read + decode the journal", repeats: 41, unit: "events", count: events.count) {
    _ = try? JournalReader.read(path: path)
}
// Whether the hand-written fast path (PollRecordDecoding, JSONCursor, JSONNumber) still earns its keep:
// the same lines through it (falling back to JSONDecoder for other lines), and through JSONDecoder alone.
let lines = (FileManager.default.contents(atPath: path) ?? Data()).split(separator: 0x0A).map { Data($0) }
let plain = JSONDecoder()
plain.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
measure("decode lines, fast path", repeats: 11, unit: "lines", count: lines.count) {
    for line in lines { _ = try? JournalCodec.decode(line) }
}
measure("decode lines, JSONDecoder alone", repeats: 11, unit: "lines", count: lines.count) {
    for line in lines { _ = try? plain.decode(JournalRecord.self, from: line) }
}
measure("replay through reduce", repeats: 20, unit: "events", count: events.count) {
    _ = Runbook.replay(events)
}
let final = Runbook.replay(events)
// What the state holds after the whole journal: flat however long the incident (issue 22).
print("state after replay: \((try? JSONEncoder().encode(final).count) ?? 0) bytes as JSON, \(final.notes.count) notes, \(final.commands.count) commands, \(final.latency.value?.count ?? 0) latency samples")
for size in [Size(width: 80, height: 24), Size(width: 160, height: 48), Size(width: 240, height: 70)] {
    let state = ConsoleState(runbook: final, view: ViewState(now: final.now))
    measure("render \(size.width)x\(size.height)", repeats: 200, unit: "frames", count: 1) {
        _ = render(state, size: size, glyphs: .unicode)
    }
}
let scratch = NSTemporaryDirectory() + "console-bench-\(getpid()).jsonl"
defer { unlink(scratch) }
if let writer = try? JournalWriter(path: scratch) {
    measure("journal append (no fsync)", repeats: 5, unit: "events", count: events.count) {
        for event in events { _ = try? writer.append(event) }
    }
    measure("journal append + fsync (decisions)", repeats: 1, unit: "events", count: 200) {
        for event in events.prefix(200) { _ = try? writer.append(event, durable: true) }
    }
}
