import Foundation

/// A stretch of time an alert kept firing without a gap, read from the timestamps of a range
/// query over its `ALERTS` series: a missing step ends one run and the next present one starts another.
struct FiringRun: Equatable {
    var start: Date
    var end: Date

    /// The runs in `timestamps` (a range query's steps where the alert was present).
    static func runs(in timestamps: [Date], step: Duration) -> [FiringRun] {
        // Half a step of slack: Prometheus aligns steps exactly, but timestamps are floating point.
        let gap = step.seconds * 1.5
        var runs: [FiringRun] = []
        for at in timestamps.sorted() {
            if let last = runs.last, at.timeIntervalSince(last.end) <= gap {
                runs[runs.count - 1].end = at
            } else {
                runs.append(FiringRun(start: at, end: at))
            }
        }
        return runs
    }

    /// How far `date` lies outside this run (zero inside it).
    func distance(to date: Date) -> TimeInterval {
        if date < start { return start.timeIntervalSince(date) }
        if date > end { return date.timeIntervalSince(end) }
        return 0
    }

    /// The run nearest `date`; on a tie the later one, which is the one a deploy at `date` could have caused.
    static func nearest(_ runs: [FiringRun], to date: Date) -> FiringRun? {
        runs.min { lhs, rhs in
            let (a, b) = (lhs.distance(to: date), rhs.distance(to: date))
            return a == b ? lhs.start > rhs.start : a < b
        }
    }
}
