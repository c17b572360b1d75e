// What the build knows that the sources do not: the commit. Package.swift passes QUIRE_COMMIT
// (validated: hex digits, optionally "-dirty") as a string literal; without it, "unknown".
#include "quire_build.h"

#ifndef QUIRE_COMMIT
#define QUIRE_COMMIT "unknown"
#endif

const char *quire_build_commit(void) { return QUIRE_COMMIT; }
