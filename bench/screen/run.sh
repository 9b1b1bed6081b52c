#!/usr/bin/env bash
# Benchmark: `berdaya screen` over a BPUM-scale list against DuckDB doing the equivalent SQL
# joins over the same CSV files, both with 2 threads, each under /usr/bin/time -v.
#
#   bash bench/screen/run.sh [APPLICANTS]      # default 12000000 (BPUM 2020)
#
# Writes everything under bench/screen/out (gitignored): the generated files, both results,
# the time reports, and prints a table. Generated data is reused when it is already there.
set -euo pipefail

n=${1:-12000000}
threads=${THREADS:-2}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/out
data=$out/bpum-$n
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

(cd "$root" && cargo build --release -p berdaya)
bin=$CARGO_TARGET_DIR/release/berdaya

if [ ! -f "$data/truth.csv" ]; then
  echo "== gen bpum --applicants $n"
  /usr/bin/time -v "$bin" gen bpum --applicants "$n" --out-dir "$data" 2> "$out/gen-$n.time"
fi
ls -l "$data"

cat > "$out/rules.json" <<'EOF'
{"version": 1, "blocks": [
  {"type": "nik_valid"},
  {"type": "dukcapil"},
  {"type": "business_required"},
  {"type": "scale", "allowed": ["mikro"]},
  {"type": "not_excluded", "lists": ["asn", "tni", "polri", "bumn", "bumd", "kur", "bank", "deceased"]},
  {"type": "one_per_nik"}
]}
EOF

echo "== berdaya screen ($threads threads)"
/usr/bin/time -v "$bin" screen --applicants "$data/applicants.csv" \
  --exclude "asn@bench=$data/asn.csv" --exclude "kur@bench=$data/kur.csv" \
  --exclude "deceased@bench=$data/deceased.csv" \
  --registry "$data/registry.csv" --registry-version bench \
  --rules "$out/rules.json" --out "$out/result-$n.csv" \
  --value 2400000 --budget "28,8 triliun" --threads "$threads" \
  > "$out/screen-$n.txt" 2> "$out/screen-$n.time"
cat "$out/screen-$n.txt"

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q "duckdb==2.0.0"
fi
echo "== duckdb ($threads threads)"
/usr/bin/time -v "$here/.venv/bin/python" "$here/duckdb_screen.py" "$data" "$out/duckdb-$n.csv" "$threads" \
  > "$out/duckdb-$n.txt" 2> "$out/duckdb-$n.time"
cat "$out/duckdb-$n.txt"

secs() { # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.33" -> seconds
  grep 'Elapsed (wall clock)' "$1" | awk -F': ' '{print $2}' |
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }'
}
rss() { grep 'Maximum resident set size' "$1" | awk '{printf "%.2f", $6 / 1048576}'; }

echo
echo "applicants: $n, threads: $threads, machine: $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-16s %10s %14s\n' "tool" "wall (s)" "peak RSS (GiB)"
printf '%-16s %10s %14s\n' "berdaya screen" "$(secs "$out/screen-$n.time")" "$(rss "$out/screen-$n.time")"
printf '%-16s %10s %14s\n' "duckdb" "$(secs "$out/duckdb-$n.time")" "$(rss "$out/duckdb-$n.time")"
for f in result duckdb; do
  echo "$f: $(tail -n +2 "$out/$f-$n.csv" | awk -F, '{print $3}' | sort | uniq -c | tr '\n' ' ')"
done
