#!/usr/bin/env bash
# Import benchmark (issue 3): generate N owner rows, import them with full validation into a
# fresh SQLite database, and time `sqlite3 .import` of the same CSV into a plain table in the
# same run. With BENCH_PG=postgres://… the same against PostgreSQL and `psql \copy`.
#   ROWS=1000000 bash bench/import/run.sh
# IMPORT_ARGS passes options to `berdaya import`, e.g. IMPORT_ARGS="--batch-rows 100000 --cache-mib 4096"
# for an initial load (fewer, larger transactions).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1000000}
OUT=bench/import/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release -q -p berdaya
B=target/release/berdaya
CSV="$OUT/owners-$ROWS.csv"
[ -s "$CSV" ] || "$B" gen owners --count "$ROWS" --region 64.74 --out "$CSV"

measure() { # label, command… → prints "label seconds peak_kb"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/$label.log" 2>&1
  read -r secs kb <"$OUT/time.txt"
  printf '%-28s %8.2f s %10d rows/s %8d MB peak\n' "$label" "$secs" "$(awk -v n="$ROWS" -v s="$secs" 'BEGIN{printf "%d", n/s}')" $((kb / 1024))
}

echo "rows: $ROWS ($(du -h "$CSV" | cut -f1) CSV)"
rm -f "$OUT"/bench.db* "$OUT"/plain.db
"$B" migrate --database "sqlite://$OUT/bench.db" >/dev/null 2>&1
# shellcheck disable=SC2086
measure "berdaya import (SQLite)" "$B" import owners "$CSV" --database "sqlite://$OUT/bench.db" --region 64.74 ${IMPORT_ARGS:-}
measure "sqlite3 .import (plain)" sqlite3 "$OUT/plain.db" ".import --csv $CSV plain"
echo "owners in berdaya: $(sqlite3 "$OUT/bench.db" 'SELECT COUNT(*) FROM owners'), businesses: $(sqlite3 "$OUT/bench.db" 'SELECT COUNT(*) FROM businesses'), plain rows: $(sqlite3 "$OUT/plain.db" 'SELECT COUNT(*) FROM plain')"

# The floor for what the import stores: SQLite copying the rows the import wrote (same
# tables, same rows, no parsing or checking) into a fresh database, secondary indexes built
# after the rows with the settings the import uses. About nine stored rows per input row.
TABLES="owners owner_nik businesses business_snapshots business_tokens search_words audit_log"
IN_LIST=$(printf "'%s', " $TABLES); IN_LIST=${IN_LIST%, }
rm -f "$OUT"/floor.db*
"$B" migrate --database "sqlite://$OUT/floor.db" >/dev/null 2>&1
{
  echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA threads = 2;"
  sqlite3 "$OUT/floor.db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($IN_LIST)"
  echo "ATTACH '$OUT/bench.db' AS src; BEGIN;"
  for t in $TABLES; do echo "INSERT INTO main.$t SELECT * FROM src.$t;"; done
  echo "COMMIT;"
  sqlite3 "$OUT/floor.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($IN_LIST)"
} >"$OUT/floor-sqlite.sql"
measure "sqlite3 copy (same tables)" sqlite3 "$OUT/floor.db" ".read $OUT/floor-sqlite.sql"
echo "stored rows: $(sqlite3 "$OUT/floor.db" "SELECT $(for t in $TABLES; do printf "(SELECT COUNT(*) FROM %s) + " "$t"; done) 0")"

if [ -n "${BENCH_PG:-}" ]; then
  PGOPTIONS=--client-min-messages=warning psql -q "$BENCH_PG" -c 'DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;' >/dev/null
  "$B" migrate --database "$BENCH_PG" >/dev/null 2>&1
    # shellcheck disable=SC2086
  measure "berdaya import (PostgreSQL)" "$B" import owners "$CSV" --database "$BENCH_PG" --region 64.74 ${IMPORT_ARGS:-}
  cols=$(head -1 "$CSV" | tr -d '\r' | awk -F, '{for(i=1;i<=NF;i++) printf "%sc%d text", (i>1?", ":""), i}')
  psql -q "$BENCH_PG" -c "CREATE TABLE plain ($cols)" >/dev/null
  measure "psql \\copy (plain)" psql -q "$BENCH_PG" -c "\\copy plain FROM '$CSV' WITH (FORMAT csv, HEADER true)"
  # The floor on PostgreSQL: the server copying the rows the import wrote into empty tables of
  # the same shape (schema floor), then building the same indexes (primary keys included;
  # no foreign keys).
  {
    echo "SET client_min_messages = warning; DROP SCHEMA IF EXISTS floor CASCADE; CREATE SCHEMA floor;"
    for t in $TABLES; do echo "CREATE TABLE floor.$t (LIKE public.$t INCLUDING DEFAULTS); INSERT INTO floor.$t SELECT * FROM public.$t;"; done
    psql -At "$BENCH_PG" -c "SELECT replace(indexdef, ' ON public.', ' ON floor.') || ';' FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ($IN_LIST)"
  } >"$OUT/floor-pg.sql"
  measure "psql copy (same tables)" psql -q "$BENCH_PG" -f "$OUT/floor-pg.sql"
  PGOPTIONS=--client-min-messages=warning psql -q "$BENCH_PG" -c "DROP SCHEMA floor CASCADE" >/dev/null
fi
