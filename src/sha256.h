/*
 * sha256.h - SHA-256 (FIPS 180-4), internal to dzp (not installed): the
 * fingerprint of the rule files that every report carries, so a chemist
 * can tell which rules produced it.
 */
#ifndef DZP_SHA256_H
#define DZP_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;          /* bytes hashed so far */
    unsigned char block[64];
    size_t used;              /* bytes waiting in block */
} dzp_sha256;

/* Start a hash.  Never fails. */
void dzp_sha256_init(dzp_sha256 *h);

/* Add n bytes.  Never fails. */
void dzp_sha256_update(dzp_sha256 *h, const void *data, size_t n);

/* The digest as 64 lowercase hex digits and a NUL into hex; h is spent. */
void dzp_sha256_hex(dzp_sha256 *h, char hex[65]);

#endif
