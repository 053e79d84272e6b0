/* rxcode.h — the verification codes printed on prescriptions: 100 random
 * bits as 20 characters of Crockford's base32 (no I, L, O or U, so none is
 * mistaken for another when read aloud or typed), shown in four groups of
 * five ("7K3QD-9XW2M-HB4TZ-R0N6P"). Guessing one among even millions of
 * prescriptions takes on the order of 2^80 tries; the verification API
 * also limits misses per address. The store keeps a code's hash to find
 * it by, never the code in the clear. Any thread. */
#ifndef TELEMED_RXCODE_H
#define TELEMED_RXCODE_H
#include <stdbool.h>

#define RXCODE_CHARS 20
#define RXCODE_TEXT_LEN 23 /* with the three hyphens */
#define RXCODE_HASH_LEN 64

/* A fresh code, grouped with hyphens. */
void rxcode_new(char out[RXCODE_TEXT_LEN + 1]);

/* The grouped form of a code as typed: hyphens and spaces ignored, any
 * case, O read as 0 and I, L as 1. false when it is not 20 such
 * characters (or longer than 64 bytes). */
bool rxcode_normalise(const char *typed, char out[RXCODE_TEXT_LEN + 1]);

/* The hex hash the store keeps of a (grouped) code. */
void rxcode_hash(const char *code, char out[RXCODE_HASH_LEN + 1]);

#endif
