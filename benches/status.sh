#!/usr/bin/env bash
# Whole-process lookup on a 100,000-student database: `iepmeet status` against the sqlite3 command line
# doing the equivalent indexed query, in the same hyperfine run, then the ratio of the two over
# alternating rounds (the last line). Target: iepmeet within 1.5x.
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
id_sql="SELECT s.data, c.dues FROM case_status c JOIN students s ON s.id = c.student_id WHERE c.local_id = 'DEMO-04711' COLLATE NOCASE"
name_sql="SELECT s.data, c.dues FROM case_status c JOIN students s ON s.id = c.student_id WHERE c.last_name COLLATE NOCASE >= 'ravensm' AND c.last_name COLLATE NOCASE < 'ravensn' AND c.first_name COLLATE NOCASE >= 'sol' AND c.first_name COLLATE NOCASE < 'som' LIMIT 51"
hyperfine -N -w 5 -r 100 \
  -n "iepmeet status ID"    "$bin status DEMO-04711" \
  -n "sqlite3 ID lookup"    "sqlite3 $plain \"$id_sql\"" \
  -n "iepmeet status NAME"  "$bin status 'sol ravensm'" \
  -n "sqlite3 name lookup"  "sqlite3 $plain \"$name_sql\""
# The verdict: on a shared or virtual machine one run's figures drift by 10-20% from one minute to the
# next, so the ratio is taken over ROUNDS (default 10) short runs of each side in turn, the side
# going first alternating: the median of the rounds' medians of each side.
rounds=${ROUNDS:-10}
csv=$(dirname "$db")/round.csv
for r in $(seq "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then order="iep sql"; else order="sql iep"; fi
  for side in $order; do
    if [ "$side" = iep ]; then cmd="$bin status DEMO-04711"; else cmd="sqlite3 $plain \"$id_sql\""; fi
    hyperfine -N -w 3 -r 40 -n "$side" --style none --export-csv "$csv" "$cmd" >/dev/null 2>&1
    # median (seconds) is the fourth column of the one result row
    echo "$side $(tail -n 1 "$csv" | cut -d, -f4)" >> "$csv.all"
  done
done
median() { grep "^$1 " "$csv.all" | cut -d' ' -f2 | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
iep=$(median iep); sql=$(median sql)
awk -v i="$iep" -v s="$sql" -v n="$rounds" 'BEGIN {
  printf "status ID over %d rounds: iepmeet %.2f ms, sqlite3 %.2f ms: %.2fx (target: within 1.5x)\n", n, i * 1000, s * 1000, i / s }'
rm -rf "$(dirname "$db")"
