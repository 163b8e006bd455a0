// Where the binary came from, for --version. scripts/release builds with INCIDENT_CONSOLE_REVISION set, and
// Package.swift turns it into IC_RELEASE_REVISION for the clang importer: a C string is the one value a build
// flag can hand Swift. Any other build is "built from source".
#ifndef CBUILDSTAMP_H
#define CBUILDSTAMP_H
#ifdef IC_RELEASE_REVISION
static inline const char *ic_build_origin(void) { return "release, git " IC_RELEASE_REVISION; }
#else
static inline const char *ic_build_origin(void) { return "built from source"; }
#endif
#endif
