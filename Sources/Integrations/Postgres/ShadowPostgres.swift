import Foundation
import RunbookEngine

/// A throwaway local PostgreSQL (Debian's `postgresql` package): `initdb` into a private temp dir, the
/// server on a Unix socket in that dir with `listen_addresses = ''` (no network), stopped and removed
/// by `stop()`. Every program gets an argv array through the runner; none runs through a shell.
public struct ShadowPostgres: Sendable {
    /// The server's programs, from `/usr/lib/postgresql/<version>/bin` (not on PATH in Debian).
    public struct Binaries: Sendable, Equatable {
        public var initdb: String
        public var pgCtl: String
        public var psql: String
    }

    public let directory: String
    public let binaries: Binaries
    private let runner: any CommandRunner
    /// initdb and the server refuse to run as root: then they run as this uid/gid, through setpriv.
    private let dropTo: (uid: UInt32, gid: UInt32)?
    private let timeout: Duration

    public static let installHint = "install Debian's postgresql package (apt-get install postgresql) for --shadow-postgres"

    /// The newest version's programs, or nil when the package is not installed.
    public static func locate(root: String = "/usr/lib/postgresql") -> Binaries? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let sorted = versions.compactMap { name in Int(name.split(separator: ".").first ?? "").map { ($0, name) } }.sorted { $0.0 > $1.0 }
        for (_, name) in sorted {
            let bin = "\(root)/\(name)/bin"
            let binaries = Binaries(initdb: bin + "/initdb", pgCtl: bin + "/pg_ctl", psql: bin + "/psql")
            if [binaries.initdb, binaries.pgCtl, binaries.psql].allSatisfy(FileManager.default.isExecutableFile(atPath:)) {
                return binaries
            }
        }
        return nil
    }

    /// Starts a fresh server; on any failure everything made so far is stopped and removed before the error.
    public static func start(binaries: Binaries, runner: any CommandRunner = ProcessRunner(),
                             timeout: Duration = .seconds(60)) async throws -> ShadowPostgres {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shadow-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        var dropTo: (uid: UInt32, gid: UInt32)?
        if getuid() == 0 {
            guard let nobody = getpwnam("nobody") else {
                try? FileManager.default.removeItem(atPath: directory)
                throw PortError(.failed, "the shadow PostgreSQL cannot run as root, and there is no user nobody to run it as")
            }
            dropTo = (nobody.pointee.pw_uid, nobody.pointee.pw_gid)
            guard chown(directory, nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0 else {
                try? FileManager.default.removeItem(atPath: directory)
                throw PortError(.failed, "cannot hand \(directory) to user nobody for the shadow PostgreSQL")
            }
        }
        let shadow = ShadowPostgres(directory: directory, binaries: binaries, runner: runner, dropTo: dropTo, timeout: timeout)
        do {
            try await shadow.check(shadow.asServerUser([binaries.initdb, "-D", shadow.dataDirectory, "-A", "trust", "-U", "postgres",
                                                        "--no-sync", "-E", "UTF8", "--no-locale"]), "initdb")
            // Settings in the file, not on a command line: pg_ctl would hand -o to a shell.
            let settings = "listen_addresses = ''\nunix_socket_directories = '\(directory)'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            let conf = FileHandle(forWritingAtPath: shadow.dataDirectory + "/postgresql.conf")
            conf?.seekToEndOfFile()
            conf?.write(Data(settings.utf8))
            try conf?.close()
            try await shadow.check(shadow.asServerUser([binaries.pgCtl, "-D", shadow.dataDirectory, "-l", directory + "/server.log",
                                                        "-w", "-s", "start"]), "pg_ctl start")
        } catch {
            await shadow.stop()
            throw error
        }
        return shadow
    }

    private init(directory: String, binaries: Binaries, runner: any CommandRunner, dropTo: (uid: UInt32, gid: UInt32)?, timeout: Duration) {
        self.directory = directory
        self.binaries = binaries
        self.runner = runner
        self.dropTo = dropTo
        self.timeout = timeout
    }

    var dataDirectory: String { directory + "/data" }

    /// Stops the server (immediately: its data is thrown away) and removes the directory.
    public func stop() async {
        if FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") {
            _ = await runner.run(asServerUser([binaries.pgCtl, "-D", dataDirectory, "-m", "immediate", "-w", "-s", "stop"]),
                                 timeout: timeout, workingDirectory: "/")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func createDatabase(_ name: String, template: String? = nil) async throws {
        let sql = "CREATE DATABASE \(Self.quoted(name))" + (template.map { " TEMPLATE \(Self.quoted($0))" } ?? "")
        _ = try await psql(database: "postgres", ["-c", sql])
    }

    /// Runs a file's SQL, stopping at the first error; `singleTransaction` wraps it in one transaction.
    public func apply(file: String, database: String, singleTransaction: Bool = true) async throws {
        _ = try await psql(database: database, (singleTransaction ? ["-1"] : []) + ["-f", file])
    }

    /// One query's rows, fields separated by U+001F and rows by U+001E (names may hold any other character).
    public func query(_ sql: String, database: String) async throws -> String {
        try await psql(database: database, ["-A", "-t", "-F", "\u{1F}", "-R", "\u{1E}", "-c", sql])
    }

    private func psql(database: String, _ arguments: [String]) async throws -> String {
        let argv = [binaries.psql, "-X", "-q", "-h", directory, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1"] + arguments
        return try await check(argv, "psql").stdout
    }

    private func asServerUser(_ argv: [String]) -> [String] {
        guard let dropTo else { return argv }
        return ["setpriv", "--reuid=\(dropTo.uid)", "--regid=\(dropTo.gid)", "--clear-groups"] + argv
    }

    @discardableResult
    private func check(_ argv: [String], _ what: String) async throws -> CommandResult {
        let result = await runner.run(argv, timeout: timeout, workingDirectory: "/")
        if result.succeeded { return result }
        if let launchError = result.launchError { throw PortError(.missingBinary, "\(what) could not run: \(launchError)") }
        if result.timedOut { throw PortError(.timeout, "\(what) did not finish within \(timeout)") }
        let message = result.stderr.split(whereSeparator: \.isNewline).first { $0.contains("ERROR") || $0.contains("FATAL") || $0.contains("error") }
            ?? result.stderr.split(whereSeparator: \.isNewline).first ?? "exit \(result.exitCode.map(String.init) ?? "?")"
        throw PortError(.failed, "\(what) failed: \(message)")
    }

    private static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
