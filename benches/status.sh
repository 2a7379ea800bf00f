#!/usr/bin/env bash
# Whole-process lookup on a 100,000-student database: `iepmeet status` against the sqlite3 command line
# doing the equivalent indexed query, in the same hyperfine run. Target: iepmeet within 1.5x.
#   benches/status.sh            (needs hyperfine and sqlite3; builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
cargo build --release --quiet
db=$(mktemp -d)/bench.db
bin="target/release/iepmeet --db $db --today 2026-11-22"
$bin demo --students 100000 >/dev/null
# ENCRYPTED=1 benches/status.sh: the same lookups on the database encrypted (SQLCipher, with a
# passphrase; ENCRYPTED=raw: with a raw key); the
# sqlite3 shell cannot read it, so its lines are from the plain copy made first.
if [ -n "${ENCRYPTED:-}" ]; then
  cp "$db" "$db.plain"
  key=$(dirname "$db")/key; printf 'bench passphrase\n' > "$key"; chmod 600 "$key"
  # ENCRYPTED=raw: a raw 256-bit key (x'64 hex digits'), which SQLCipher uses without derivation.
  [ "$ENCRYPTED" = raw ] && printf "x'%s'\n" "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$key"
  IEPMEET_KEY_FILE=$key $bin encrypt >/dev/null
  export IEPMEET_KEY_FILE=$key
fi
plain=$db; [ -n "${ENCRYPTED:-}" ] && plain=$db.plain
# Touch the database once so both sides start from a warm page cache.
$bin status DEMO-04711 >/dev/null
hyperfine -N -w 5 -r 100 \
  -n "iepmeet status ID"    "$bin status DEMO-04711" \
  -n "sqlite3 ID lookup"    "sqlite3 $plain \"SELECT s.data, c.dues FROM case_status c JOIN students s ON s.id = c.student_id WHERE c.local_id = 'DEMO-04711' COLLATE NOCASE\"" \
  -n "iepmeet status NAME"  "$bin status 'sol ravensm'" \
  -n "sqlite3 name lookup"  "sqlite3 $plain \"SELECT s.data, c.dues FROM case_status c JOIN students s ON s.id = c.student_id WHERE c.last_name COLLATE NOCASE >= 'ravensm' AND c.last_name COLLATE NOCASE < 'ravensn' AND c.first_name COLLATE NOCASE >= 'sol' AND c.first_name COLLATE NOCASE < 'som' LIMIT 51\""
rm -rf "$(dirname "$db")"
