import ArgumentParser
import Foundation
import Integrations
import MigrationSafety
import RunbookEngine

/// `incident-console check-migrations`: Step 0 without the UI, for CI pipelines and scripts.
struct CheckMigrations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-migrations",
        abstract: "Say whether the old binary still works against the schema a release migrated.",
        discussion: """
        Step 0 of the code-rollback runbook: before putting the last-known-good binary \
        back, check what the bad release did to the schema. Each statement is read \
        with the real PostgreSQL parser (libpg_query) and judged for the OLD binary \
        against the NEW schema:

          SAFE    new objects (an unguarded CREATE: IF NOT EXISTS and OR
                  REPLACE prove nothing new), nullable columns, enum values
                  added, defaults, grants, seed inserts; only when every
                  nested statement and function call is proven harmless
          REVIEW  constraints, unique indexes, type widening, UPDATE/DELETE
                  with WHERE, replaced functions or views, triggers, rules,
                  DO blocks, CALL, functions it cannot see into, setval,
                  SET ROLE, edited shipped migrations, SQL that does not
                  parse, a line with a NUL byte or bytes that are not UTF-8
          UNSAFE  DROP or RENAME of columns, tables, views, types, functions;
                  SET SCHEMA; SET NOT NULL; NOT NULL without a default; other
                  type changes; TRUNCATE; DELETE without WHERE; sequence
                  RESTART; any of these inside a CTE, PREPARE, rule, trigger
                  or function the migration runs

        UNSAFE: do not roll back the code alone; follow the Postgres PITR runbook.

        Input, one of:
          FILE... | -      migration files, or SQL on standard input (default)
          --diff [FILE|-]  output of `git diff LAST_GOOD..CURRENT -- GLOB`
          --repo PATH --from REV --to REV [--path GLOB]
                           runs that git diff itself, and judges it
                           against the schema at REV (below)

        With --repo, the schema at the last good revision is built by \
        replaying every migration the glob matches at --from, in its \
        tool's order (numeric and timestamp prefixes, Flyway V<n>__, \
        golang-migrate .up.sql, goose and dbmate up sections). A TYPE that \
        re-states the column's type, SET NOT NULL on a NOT NULL column and \
        IF [NOT] EXISTS on an object the schema knows are no change (SAFE); \
        widening is SAFE or REVIEW; DROP NOT NULL on a known column is \
        SAFE. What the replay cannot follow (DO blocks, function calls, dynamic SQL) is unknown \
        and judged as without a schema. Files, standard input and --diff \
        are judged statement by statement; the report says whether the \
        schema was known. --shadow-postgres asks a throwaway real \
        PostgreSQL instead (initdb in a temp dir, a Unix socket there, no \
        network; as root, the server runs as user nobody): its catalog at \
        --from is the schema, and the release applied to a copy in one \
        transaction adds what it dropped or changed.

        Down migrations (*.down.sql, Flyway U..., goose and dbmate down \
        sections in files that have that tool's up marker) and non-SQL files \
        in a diff are ignored. The text output escapes control characters \
        and bidi overrides from file names and SQL (\\x1b, \\u202e); the \
        JSON output is exact. A diff whose hunk header cannot be read, or \
        has numbers no file has, is unreadable input.

        Exit status: 0 SAFE, 1 REVIEW, 2 UNSAFE, 3 unreadable input, 64 usage.

        Examples:
          printf 'ALTER TABLE users DROP COLUMN email;' |
            incident-console check-migrations --format json -
          incident-console check-migrations db/migrations/0043_*.sql
          git diff v1.4.2..v1.5.0 -- 'db/*.sql' |
            incident-console check-migrations --diff
          incident-console check-migrations --repo ~/config \\
            --from 4f1c2e9 --to d8f3c2a --path 'db/migrations/*.sql'
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Output format: text for people, json for tools.")
    var format: Format = .text

    @Flag(help: "Read a unified git diff instead of SQL: only new up-migrations run; edited or deleted shipped migrations are REVIEW.")
    var diff = false

    @Option(help: ArgumentHelp("Git checkout to diff (runs `git diff FROM..TO -- GLOB`).", valueName: "path"))
    var repo: String?

    @Option(help: ArgumentHelp("Last-known-good revision (with --repo).", valueName: "rev"))
    var from: String?

    @Option(help: ArgumentHelp("Current (bad) revision (with --repo).", valueName: "rev"))
    var to: String?

    @Option(name: .customLong("path"), help: ArgumentHelp("Git pathspec of the migration files (with --repo).", valueName: "glob"))
    var pathGlob: String = "*.sql"

    @Flag(help: "With --repo: build the schema at --from in a throwaway local PostgreSQL (Debian's postgresql package; Unix socket, no network, removed afterwards), then apply the release to a copy in one transaction and compare the catalogs. Without the server it says how to install it and uses the replay model.")
    var shadowPostgres = false

    @Argument(help: ArgumentHelp("Migration files, or - for standard input (the default when it is a pipe or file, not a terminal).", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if repo != nil {
            guard from != nil, to != nil else { throw ValidationError("--repo needs both --from REV and --to REV") }
            guard files.isEmpty, !diff else { throw ValidationError("--repo reads the diff itself; drop --diff and the file arguments") }
        } else if from != nil || to != nil {
            throw ValidationError("--from and --to need --repo PATH")
        } else if shadowPostgres {
            throw ValidationError("--shadow-postgres needs --repo PATH --from REV --to REV: it builds the schema at --from")
        }
        if diff, files.count > 1 { throw ValidationError("--diff reads one diff: a file or - for standard input") }
        // Standard input is the default only for a pipe: at a terminal it would wait for SQL nobody is typing.
        if repo == nil, files.isEmpty, isatty(STDIN_FILENO) == 1 {
            throw ValidationError("no migrations given: pass FILE..., - to type them, --diff with a file, or --repo")
        }
    }

    func run() async throws {
        let report: MigrationReport
        do {
            report = try await check()
        } catch let error as UnreadableInput {
            FileHandle.standardError.write(Data("check-migrations: \(TerminalText.escaped(error.message))\n".utf8))
            throw ExitCode(3)
        }
        print(format == .json ? try JSONReport.render(report) : TextReport.render(report), terminator: "")
        switch report.verdict {
        case .safe: return
        case .review: throw ExitCode(1)
        case .unsafe: throw ExitCode(2)
        }
    }

    private func check() async throws -> MigrationReport {
        if let repo, let from, let to {
            let git = GitConfigRepo(path: repo)
            do {
                let text = try await git.migrationDiff(from: Revision(from), to: Revision(to), glob: pathGlob)
                // The schema at the last good revision: every migration the glob matches there, replayed in order.
                let history = try await git.migrationHistory(at: Revision(from), glob: pathGlob)
                let prior: KnownSchema
                do {
                    prior = try SchemaReplay.replay(historyDiff: history, revision: from)
                } catch {
                    throw UnreadableInput(message: "the migrations of \(repo) at \(from):\(error.line): \(error.message)")
                }
                guard shadowPostgres, let answer = await Self.shadowAnswer(history: history, release: text, revision: from) else {
                    return try Self.classify(diff: text, named: "the diff of \(repo)", prior: prior)
                }
                return answer.adding(to: try Self.classify(diff: text, named: "the diff of \(repo)", prior: answer.prior))
            } catch let error as UnreadableInput {
                throw error
            } catch {
                throw UnreadableInput(message: "cannot read the migration diff from \(repo): \(error)")
            }
        }
        if diff {
            let path = files.first ?? "-"
            return try Self.classify(diff: String(decoding: try Self.read(path), as: UTF8.self),
                                     named: path == "-" ? "standard input" : path)
        }
        let paths = files.isEmpty ? ["-"] : files
        let sources = try paths.map { path in
            MigrationSource(file: path == "-" ? nil : path, bytes: try Self.read(path))
        }
        return MigrationClassifier.classify(sources)
    }

    /// The shadow PostgreSQL's answer, or nil (said on stderr) when it cannot give one: the replay model judges then.
    private static func shadowAnswer(history: String, release: String, revision: String) async -> ServerSchemaAnswer? {
        switch await ShadowSchemaServer().answer(history: history, release: release, revision: Revision(revision)) {
        case .success(let answer): return answer
        case .failure(let unanswered):
            FileHandle.standardError.write(Data("check-migrations: \(TerminalText.escaped(unanswered.reason)); using the replay model\n".utf8))
            return nil
        }
    }

    /// A diff with a hunk header that cannot be right (unreadable, or numbers no file has) is unreadable input.
    private static func classify(diff: String, named name: String, prior: KnownSchema? = nil) throws -> MigrationReport {
        do {
            return try MigrationClassifier.classifyStrictly(diff: diff, prior: prior)
        } catch {
            throw UnreadableInput(message: "\(name):\(error.line): \(error.message)")
        }
    }

    /// The bytes as they are: the classifier reports a NUL or bytes that are not UTF-8 by line (REVIEW).
    private static func read(_ path: String) throws -> Data {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw UnreadableInput(message: "cannot read \(path): no such file, or it is not readable")
            }
            data = contents
        }
        return data
    }
}

/// Input the command could not read; exit status 3.
private struct UnreadableInput: Error {
    var message: String
}

/// `{"verdict": …, "findings": [{"file", "line", "statement", "verdict", "rule", "reason"}]}`, keys in
/// that order (JSONEncoder does not keep order), `"file": null` for standard input.
private enum JSONReport {
    static func render(_ report: MigrationReport) throws -> String {
        let findings = try report.findings.map { finding in
            let fields: [(String, String)] = [
                ("file", try value(finding.file)), ("line", String(finding.line)),
                ("statement", try value(finding.statement)), ("verdict", try value(finding.verdict.word)),
                ("rule", try value(finding.rule)), ("reason", try value(finding.reason)),
            ]
            return "    {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        let list = findings.isEmpty ? "[]" : "[\n" + findings.joined(separator: ",\n") + "\n  ]"
        return "{\n  \"verdict\": \(try value(report.verdict.word)),\n  \"schema\": \(try value(report.schema)),\n  \"findings\": \(list)\n}\n"
    }

    /// One JSON value, escaped by JSONEncoder.
    private static func value(_ text: String?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(text), as: UTF8.self)
    }
}

/// One block per finding, worst first, then the overall verdict; nothing from the migration reaches the terminal unescaped.
private enum TextReport {
    static func render(_ report: MigrationReport) -> String {
        var out = ""
        let ordered = report.findings.enumerated().sorted { ($0.element.verdict, $1.offset) > ($1.element.verdict, $0.offset) }
        for (_, finding) in ordered {
            // File names, statements and the names in reasons come from the migration: escaped, never raw.
            let location = TerminalText.escaped("\(finding.file ?? "<stdin>"):\(finding.line)")
            let reason = TerminalText.escaped(finding.reason)
            out += "\(finding.verdict.word.padding(toLength: 7, withPad: " ", startingAt: 0)) \(location)  [\(finding.rule)] \(reason)\n"
            let firstLine = finding.statement.split(separator: "\n").first.map(String.init) ?? ""
            let more = finding.statement.contains("\n") ? " …" : ""
            out += "        \(TerminalText.escaped(String(firstLine.prefix(100))))\(more)\n"
        }
        let counts = Verdict.allCases.reversed().map { verdict in
            "\(report.findings.filter { $0.verdict == verdict }.count) \(verdict.word.lowercased())"
        }.joined(separator: ", ")
        func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
        out += "\(report.verdict.word): \(counts) (\(count(report.findings.count, "statement")), \(count(report.files.count, "file")))\n"
        if let schema = report.schema { out += "Schema: \(TerminalText.escaped(schema))\n" }
        if report.verdict == .unsafe {
            out += "Do not roll back the code alone: the old binary breaks on this schema. Follow the Postgres PITR runbook.\n"
        }
        return out
    }
}
