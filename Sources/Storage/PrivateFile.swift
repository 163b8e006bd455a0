import Foundation
import RunbookEngine
#if canImport(Glibc)
import Glibc
#endif

/// Opens the console's own files (journal, its lock, the log, the status message, the postmortem draft,
/// the debrief): mode 0600 from the first byte, never through a symlink, never a file another user owns,
/// in a directory nobody else can write to. A directory the console creates is 0700.
public enum PrivateFile {
    public enum Opening: Sendable {
        /// A new file: refused when one is already there (O_EXCL).
        case create
        /// A file that must already exist.
        case existing
        /// Either.
        case createOrOpen
    }

    /// Opens `path` with `access` (e.g. `O_WRONLY | O_APPEND`), O_NOFOLLOW and O_CLOEXEC; the caller closes it.
    public static func open(_ path: String, _ opening: Opening, access: Int32) throws(PrivateFileError) -> Int32 {
        try ensureDirectory((path as NSString).deletingLastPathComponent)
        let create: Int32 = switch opening {
        case .create: O_CREAT | O_EXCL
        case .existing: 0
        case .createOrOpen: O_CREAT
        }
        let fd = Glibc.open(path, access | create | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            var link = stat()
            if code == ELOOP || (code == EEXIST && lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK) {
                throw .symlink(path: path)
            }
            if code == EEXIST { throw .exists(path: path) }
            throw .system(path: path, reason: String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .system(path: path, reason: reason)
        }
        if (info.st_mode & S_IFMT) != S_IFREG { close(fd); throw .notRegular(path: path) }
        if info.st_uid != getuid() { close(fd); throw .ownedByOther(path: path, owner: userName(info.st_uid)) }
        return fd
    }

    /// Writes `data` as the whole of `path` (created 0600 or replaced in place, fsync'd).
    public static func write(_ data: Data, to path: String) throws(PrivateFileError) {
        let fd = try open(path, .createOrOpen, access: O_WRONLY)
        defer { close(fd) }
        // Truncated only now: the open checked the file is ours.
        guard ftruncate(fd, 0) == 0 else { throw .system(path: path, reason: String(cString: strerror(errno))) }
        try write(data, fd: fd, path: path)
    }

    /// Adds `data` at the end of `path` (created 0600 if missing), in one write where the kernel allows, fsync'd.
    public static func append(_ data: Data, to path: String) throws(PrivateFileError) {
        let fd = try open(path, .createOrOpen, access: O_WRONLY | O_APPEND)
        defer { close(fd) }
        try write(data, fd: fd, path: path)
    }

    private static func write(_ data: Data, fd: Int32, path: String) throws(PrivateFileError) {
        var failure: Int32 = 0
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { failure = written < 0 ? errno : EIO; return }
                offset += written
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if failure != 0 { throw .system(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Creates the missing directories 0700 (with the mode, not chmod after); an existing one must be
    /// yours (or root's) and writable by nobody else, unless it is sticky like /tmp (nobody can replace your file).
    public static func ensureDirectory(_ path: String) throws(PrivateFileError) {
        let directory = path.isEmpty ? "." : path
        var info = stat()
        if stat(directory, &info) != 0 {
            guard errno == ENOENT else { throw .system(path: directory, reason: String(cString: strerror(errno))) }
            try createMissing(directory)
            guard stat(directory, &info) == 0 else { throw .system(path: directory, reason: String(cString: strerror(errno))) }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw .system(path: directory, reason: "not a directory") }
        let mode = info.st_mode & 0o7777
        let mine = info.st_uid == getuid()
        let sticky = (mode & S_ISVTX) != 0 && (mine || info.st_uid == 0)
        guard (mine && mode & 0o077 == 0) || sticky else {
            throw .directoryNotPrivate(path: directory, owner: userName(info.st_uid), mode: mode)
        }
    }

    /// Ancestors are created 0700 too; only the file's own directory is held to the rule.
    private static func createMissing(_ directory: String) throws(PrivateFileError) {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != directory { try createMissing(parent) }
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw .system(path: directory, reason: String(cString: strerror(errno))) }
    }

    static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return "uid \(uid)" }
        return "\(String(cString: name)) (uid \(uid))"
    }
}

public enum PrivateFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case exists(path: String)
    case symlink(path: String)
    case notRegular(path: String)
    case ownedByOther(path: String, owner: String)
    case directoryNotPrivate(path: String, owner: String, mode: mode_t)
    case system(path: String, reason: String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) already exists"
        case .symlink(let path): "\(path) is a symbolic link — refused: the console writes only to its own files, never through a link"
        case .notRegular(let path): "\(path) is not a regular file — refused"
        case .ownedByOther(let path, let owner): "\(path) belongs to \(owner), not to you — refused"
        case .directoryNotPrivate(let path, let owner, let mode):
            "\(path) (owner \(owner), mode \(String(mode, radix: 8))) is not a private directory — refused: use one only you can write to (mkdir -m 700 DIR)"
        case .system(let path, let reason): "\(path): \(reason)"
        }
    }
}
