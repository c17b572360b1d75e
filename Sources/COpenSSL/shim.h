#ifndef QUIRE_COPENSSL_SHIM_H
#define QUIRE_COPENSSL_SHIM_H
// Debian's libssl-dev: OpenSSL's libcrypto (pkg-config name `libcrypto`), for SHA-256 only.
// The SHA256_* calls are deprecated in OpenSSL 3 in favour of EVP, which needs a heap context;
// they are the same implementation (SHA-NI or AVX2 where the CPU has them) on a plain struct.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#endif
