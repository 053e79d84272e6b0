#!/usr/bin/env bash
# check-banned.sh — refuses C library calls that invite overflows or are not
# thread-safe (after curl's list): sprintf, vsprintf, strcpy, strcat, strncpy,
# strtok, atoi, atol, gmtime, localtime, strerror, gets.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\b(sprintf|vsprintf|strcpy|strcat|strncpy|strtok|atoi|atol|gmtime|localtime|strerror|gets)\s*\('
if grep -rnE "$pattern" src tests/unit tests/fuzz --include='*.c' --include='*.h' | grep -vE '\b(snprintf|vsnprintf|strtok_r|gmtime_r|localtime_r|strerror_r)\s*\('; then
  echo "banned functions above (use snprintf, buf_*, strtok_r, strtol, instant_*)"
  exit 1
fi
echo "no banned functions"
