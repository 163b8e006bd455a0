import Foundation
import RunbookEngine

/// What the argocd CLI prints about sync windows, read from its text output (argo-cd
/// cmd/argocd/commands: `printAppSummaryTable` and `printSyncWindows`).
enum SyncWindowText {
    /// The lines of `argocd app get APP` (text) the windows are judged with: `%-20s%s` key/value lines.
    struct Summary: Equatable {
        var state: SyncWindowState
        var namespace: String?
        var server: String?
    }

    static func summary(_ text: String, command: String) throws -> Summary {
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            for key in ["SyncWindow:", "Server:", "Namespace:"] where fields[key] == nil && line.hasPrefix(key) {
                fields[key] = line.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            }
        }
        guard let said = fields["SyncWindow:"] else {
            throw PortError(.malformed, "\(command) printed no SyncWindow: line")
        }
        guard let state = SyncWindowState(rawValue: said) else {
            throw PortError(.malformed, "\(command) printed SyncWindow: \(TerminalSafe.text(String(said.prefix(80)), keepLines: false)), which is none of Sync Allowed, Manual Allowed, Sync Denied")
        }
        func value(_ key: String) -> String? { fields[key].flatMap { $0.isEmpty ? nil : $0 } }
        return Summary(state: state, namespace: value("Namespace:"), server: value("Server:"))
    }

    /// The table `argocd proj windows list PROJECT` prints: a tabwriter table (cells padded with at least
    /// two spaces) whose columns vary by version, read by the header's names. SCHEDULE holds single spaces.
    static func windows(_ text: String, command: String) throws -> [SyncWindow] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let header = lines.first else { throw PortError(.malformed, "\(command) printed nothing (not even its header)") }
        let names = cells(header)
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let id = column("ID"), let status = column("STATUS"), let kind = column("KIND"), let schedule = column("SCHEDULE"),
              let duration = column("DURATION"), let manual = column("MANUALSYNC") else {
            throw PortError(.malformed, "\(command) printed a header the console does not read: \(TerminalSafe.text(String(header.prefix(120)), keepLines: false))")
        }
        let applications = column("APPLICATIONS"), namespaces = column("NAMESPACES"), clusters = column("CLUSTERS")
        return try lines.dropFirst().enumerated().map { index, line in
            let row = cells(line)
            func cell(_ at: Int) -> String { at < row.count ? row[at] : "" }
            func list(_ at: Int?) -> [String]? {
                guard let at else { return nil }
                let text = cell(at)
                return text == "-" ? [] : text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let problem = "\(command): row \(index + 1) is not a window the console can read: \(TerminalSafe.text(String(line.prefix(120)), keepLines: false))"
            guard row.count <= names.count, let number = Int(cell(id)), (0...100_000).contains(number),
                  ["Active", "Inactive"].contains(cell(status)), ["Enabled", "Disabled"].contains(cell(manual)),
                  !cell(kind).isEmpty, !cell(schedule).isEmpty else {
                throw PortError(.malformed, problem)
            }
            return SyncWindow(id: number, active: cell(status) == "Active", kind: cell(kind), schedule: cell(schedule),
                              duration: cell(duration), applications: list(applications), namespaces: list(namespaces),
                              clusters: list(clusters), manualSync: cell(manual) == "Enabled")
        }
    }

    /// A tabwriter row's cells: split at runs of two or more spaces (a single space stays inside a cell).
    static func cells(_ line: String) -> [String] {
        var cells: [String] = [], current = "", spaces = 0
        for character in line.trimmingCharacters(in: .whitespaces) {
            if character == " " { spaces += 1; continue }
            if character == "\t" { spaces += 2; continue }
            if spaces >= 2 { cells.append(current); current = "" }
            else if spaces == 1 { current.append(" ") }
            spaces = 0
            current.append(character)
        }
        if !current.isEmpty { cells.append(current) }
        return cells
    }
}
