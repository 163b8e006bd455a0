import YAMLFile

/// A drill file that cannot be used, with where and why: "drill.yaml:14:7: releases[2].digest: …".
public typealias ScenarioFileError = LocatedError

extension LocatedError {
    /// Any error from loading `file`, as a located one (the whole file when it says no place).
    init(_ error: any Error, file: String) {
        self = (error as? LocatedError) ?? LocatedError(file: file, message: "\(error)")
    }
}
