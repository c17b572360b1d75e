#ifndef QUIRE_CCMARK_SHIM_H
#define QUIRE_CCMARK_SHIM_H
// Debian's libcmark-dev: CommonMark reference parser (pkg-config name `libcmark`).
#include <cmark.h>
#endif
