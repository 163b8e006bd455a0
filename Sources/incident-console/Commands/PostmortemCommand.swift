import ArgumentParser
import Foundation
import Postmortem
import RunbookEngine
import Storage

/// `incident-console postmortem JOURNAL`: Step 5's Markdown from any journal, the same the gate writes.
struct PostmortemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem",
        abstract: "Write the postmortem's Markdown from a journal (what Step 5's gate writes).",
        discussion: """
        Reads a journal (live, demo, drill; any ending) and writes the postmortem: the UTC timeline \
        (alert start, bad deploy, console start, what changed the picture, every decision with who, \
        every command with its exit, duration and first output line, overrides with their reasons), \
        the figures against the runbook's expectations, the due date (48 h) and the mandatory action \
        items filled from the evidence. Every journal string is neutralised for Markdown.

        --template FILE renders a team's own Mustache template instead of the built-in layout, with \
        the placeholders {{app}}, {{region}}, {{severity}}, {{ending}}, {{driver}}, {{started}}, \
        {{alert}}, {{badDeploy}}, {{mitigation}}, {{due}}, {{templateReference}}, {{timeline}}, \
        {{ttm}}, {{firstMessage}}, {{figures}} and {{actionItems}}.

        Exit status: 0 written, 2 the template cannot be read or parsed, 3 the journal cannot be read, \
        1 the output file cannot be written.

        Examples:
          incident-console postmortem ~/.local/state/incident-console/APP-TIME.jsonl
          incident-console postmortem JOURNAL -o postmortem.md --template ~/team/postmortem-template.md
        """
    )

    @Argument(help: ArgumentHelp("The journal (one JSON line per event).", valueName: "journal"))
    var journal: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output (mode 0600, never through a symlink, in a directory only you can write to).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A Mustache template (the team's postmortem-template.md) instead of the built-in layout.", valueName: "file"))
    var template: String?

    func run() throws {
        var templateText: String?
        if let template {
            guard let data = FileManager.default.contents(atPath: template) else {
                Self.warn("postmortem: cannot read the template \(template)")
                throw ExitCode(2)
            }
            templateText = String(decoding: data, as: UTF8.self)
        }
        let contents: JournalContents
        do { contents = try JournalReader.read(path: journal) } catch {
            Self.warn("postmortem: \(error)")
            throw ExitCode(3)
        }
        if let note = contents.repairNote { Self.warn("postmortem: \(journal): \(note)") }
        guard contents.events.first.map({ if case .started = $0.kind { true } else { false } }) == true else {
            Self.warn("postmortem: \(journal) does not start with the incident's started record")
            throw ExitCode(3)
        }
        let markdown: String
        do { markdown = try PostmortemDocument.render(PostmortemFacts(events: contents.events), template: templateText) } catch {
            Self.warn("postmortem: \(template ?? "template"): \(error)")
            throw ExitCode(2)
        }
        guard let output else {
            print(TerminalSafe.text(markdown), terminator: "")
            return
        }
        do { try PrivateFile.write(Data(markdown.utf8), to: output) } catch {
            Self.warn("postmortem: cannot write \(output): \(error)")
            throw ExitCode(1)
        }
    }

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data((TerminalSafe.text(line) + "\n").utf8))
    }
}
