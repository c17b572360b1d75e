#ifndef QUIRE_BUILD_H
#define QUIRE_BUILD_H

/// The git commit Quire was built from (`QUIRE_COMMIT` at build time, see Package.swift), or
/// "unknown" when the build was not told.
const char *quire_build_commit(void);

#endif
