import YAMLFile

/// A config file or flag that cannot be used, with where and why: "config.yaml:7:5: apps[0].threshold: …"
/// (file "command line" and the flag as key for a flag).
public typealias ConfigError = LocatedError
