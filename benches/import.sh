#!/usr/bin/env bash
# Roster import at SIS scale, and what it costs someone typing meanwhile (README, "Case status").
# Generates a fictional roster of N rows, imports it into a fresh database with the release build,
# while a second writer writes every 10 ms and records how long each of its writes waited.
# Usage: benches/import.sh [ROWS]   (default 100000; needs python3)
# Then imports the same file again (every row unchanged).
set -euo pipefail
rows=${1:-100000}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/iepmeet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$rows" "$dir/roster.csv" <<'PY'
import csv, sys
n, path = int(sys.argv[1]), sys.argv[2]
w = csv.writer(open(path, "w", newline=""))
w.writerow(["student_id", "last_name", "first_name", "dob", "grade", "school", "primary_disability", "last_iep_date", "last_reassessment_date"])
for i in range(n):
    w.writerow([f"GEN-{i:06d}", f"Testname{i % 977}", f"Given{i % 313}", f"{2008 + i % 12}-0{1 + i % 9}-1{i % 9}", str(1 + i % 12), "Example School", "Specific learning disability", "2026-01-15", "2024-02-01"])
PY
"$bin" --db "$dir/db.sqlite3" demo --students 2 >/dev/null
python3 - "$dir/db.sqlite3" "$dir/done" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
lat, n = [], 0
while not os.path.exists(sys.argv[2]):
    t = time.time()
    c.execute("INSERT OR REPLACE INTO app_state(key, value) VALUES ('other', ?)", (str(n),))
    lat.append(time.time() - t)
    n += 1
    time.sleep(0.01)
lat.sort()
print(f"other writer: {n} writes, median {lat[len(lat) // 2] * 1000:.1f} ms, p99 {lat[int(len(lat) * .99)] * 1000:.0f} ms, worst {lat[-1] * 1000:.0f} ms")
PY
writer=$!
sleep 0.3
/usr/bin/time -f "import: %e s, %M KB" "$bin" --db "$dir/db.sqlite3" import students "$dir/roster.csv"
touch "$dir/done"
wait "$writer"
# The same file again: every row compared, nothing written.
/usr/bin/time -f "re-import, all unchanged: %e s, %M KB" "$bin" --db "$dir/db.sqlite3" import students "$dir/roster.csv"
