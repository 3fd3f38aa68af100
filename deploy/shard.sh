#!/bin/sh
# shard.sh ACCOUNTS_FILE SHARDS INDEX
#
# Prints the comma-separated account ids of shard INDEX (0-based) of SHARDS, for
# `vigil collect aws --accounts "$(sh shard.sh accounts.txt 4 0)"`.
# ACCOUNTS_FILE: one 12-digit AWS account id per line; blank lines and # comments are ignored.
# Account number k of the file (0-based) goes to shard k mod SHARDS, so every account lands in
# exactly one shard and shards differ in size by at most one.
# Fails (exit 2, naming file:line) on a malformed or repeated account id, and on an empty shard:
# `--accounts ""` would silently collect the caller's own account instead.
set -eu

if [ "$#" -ne 3 ]; then
  echo "usage: shard.sh ACCOUNTS_FILE SHARDS INDEX" >&2
  exit 2
fi
file=$1 shards=$2 index=$3
case $shards in '' | *[!0-9]*) echo "shard.sh: SHARDS must be a positive integer, got '$shards'" >&2; exit 2 ;; esac
case $index in '' | *[!0-9]*) echo "shard.sh: INDEX must be a non-negative integer, got '$index'" >&2; exit 2 ;; esac
if [ "$shards" -lt 1 ] || [ "$index" -ge "$shards" ]; then
  echo "shard.sh: INDEX $index is not a shard of $shards (0 to $((shards - 1)))" >&2
  exit 2
fi
if [ ! -r "$file" ]; then
  echo "shard.sh: cannot read $file" >&2
  exit 2
fi

awk -v shards="$shards" -v index_="$index" -v file="$file" '
  { sub(/#.*/, ""); gsub(/[ \t\r]/, "") }
  $0 == "" { next }
  $0 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/ {
    printf "shard.sh: %s:%d: not a 12-digit AWS account id: %s\n", file, NR, $0 > "/dev/stderr"; bad = 1; exit 2
  }
  $0 in line_of {
    printf "shard.sh: %s:%d: account %s repeats line %d\n", file, NR, $0, line_of[$0] > "/dev/stderr"; bad = 1; exit 2
  }
  {
    line_of[$0] = NR
    if (count % shards == index_) out = out (out == "" ? "" : ",") $0
    count++
  }
  END {
    if (bad) exit 2
    if (out == "") {
      printf "shard.sh: shard %d of %d is empty: %s lists %d accounts\n", index_, shards, file, count > "/dev/stderr"; exit 2
    }
    print out
  }
' "$file"
