#!/usr/bin/env bash
# Registry list/search latency under load (issue 3): serve a registry database (e.g. the one
# bench/import/run.sh filled, grown to ~1 M businesses), sign in, and run wrk against the
# list page with each kind of filter and against /health of the same server, in one run.
#   SEED_PERMITS=1 DB=bench/import/out/bench.db bash bench/list/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${DB:?set DB to a SQLite registry database or a postgres:// URL}
case "$DB" in postgres*) URL=$DB ;; *) URL="sqlite://$DB" ;; esac
PORT=${PORT:-18080}; DURATION=${DURATION:-10s}; CONNS=${CONNS:-4}
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq wrk >/dev/null; }
[ -n "${NO_BUILD:-}" ] || cargo build --release -q -p berdaya
B=${CARGO_TARGET_DIR:-target}/release/berdaya
OUT=bench/list/out; mkdir -p "$OUT"
"$B" admin create-agency --name "Dinas Bench" --region 64.74 --database "$URL" >/dev/null 2>&1 || true
BERDAYA_NEW_PASSWORD=Bench-Pass-2026x "$B" admin create-user --username op.bench --full-name "Operator Bench" --role operator --agency "Dinas Bench" --database "$URL" >/dev/null 2>&1 || true
# The generated registry holds NIB permits only. With SEED_PERMITS=1 (bench databases only: it
# writes to DB) give one business in 600 a halal certificate (rare: its holders drive the word
# search) and one in 30 a PIRT (common: checked on the word index entries), once, as the permit
# form records them: the permit row, the business's permit set, its word index token.
PERMITS="INSERT INTO business_permits (id, business_id, region, jenis, nomor, created_at)
  SELECT %s, id, region, 'halal', 'ID-BENCH', '2026-12-06T00:00:00Z' FROM businesses WHERE %s %% 600 = 0
  AND NOT EXISTS (SELECT 1 FROM business_permits WHERE jenis = 'halal');
  INSERT INTO business_permits (id, business_id, region, jenis, nomor, created_at)
  SELECT %s, id, region, 'pirt', 'P-BENCH', '2026-12-06T00:00:00Z' FROM businesses WHERE %s %% 30 = 7
  AND NOT EXISTS (SELECT 1 FROM business_permits WHERE jenis = 'pirt');
  UPDATE businesses SET izin = CASE WHEN izin = '' THEN ',halal,' ELSE ',halal' || izin END
  WHERE izin NOT LIKE '%%,halal,%%' AND id IN (SELECT business_id FROM business_permits WHERE jenis = 'halal');
  UPDATE businesses SET izin = CASE WHEN izin = '' THEN ',pirt,' ELSE izin || 'pirt,' END
  WHERE izin NOT LIKE '%%,pirt,%%' AND id IN (SELECT business_id FROM business_permits WHERE jenis = 'pirt');
  INSERT INTO business_tokens (business_id, token, region, nama_norm, owner_nama_norm, skala, sektor)
  SELECT b.id, '#izin:' || p.jenis, b.region, b.nama_norm, b.owner_nama_norm, b.skala, b.sektor
  FROM business_permits p JOIN businesses b ON b.id = p.business_id WHERE p.jenis IN ('halal', 'pirt')
  ON CONFLICT (business_id, token) DO NOTHING;"
# Migrations first (the seeding writes the permit tokens of migration 0016), so the server's
# start-up migrates nothing after the seeding's VACUUM.
[ -z "${SEED_PERMITS:-}" ] || "$B" migrate --database "$URL" >/dev/null 2>&1
[ -z "${SEED_PERMITS:-}" ] || case "$DB" in
  postgres*) psql -q "$DB" -c "$(printf "$PERMITS" "gen_random_uuid()" "abs(hashtext(id::text))" "gen_random_uuid()" "abs(hashtext(id::text))")"
     # Statistics and visibility as autovacuum leaves them after a while (fresh rows made the
     # planner expect a tenth of the PIRT holders and fetch each from the heap).
     # Twice: a page written by a transaction newer than the oldest snapshot open at the time
     # is not marked all-visible by the first pass (after one bench run of this script,
     # 466 pages of PIRT tokens were left so, and every holder was fetched from the heap).
     for _ in 1 2; do psql -q "$DB" -c "VACUUM ANALYZE businesses" -c "VACUUM ANALYZE business_tokens" -c "VACUUM ANALYZE business_permits"; done ;;
  *) command -v sqlite3 >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq sqlite3 >/dev/null; }
     sqlite3 "$DB" "$(printf "$PERMITS" "randomblob(16)" "rowid" "randomblob(16)" "rowid")" ;;
esac
"$B" serve --database "$URL" --port "$PORT" --data-dir "$OUT/data" >"$OUT/serve.log" 2>&1 &
SERVER=$!; trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
JAR="$OUT/cookies"; rm -f "$JAR"
T=$(curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/masuk" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "_csrf=$T" --data-urlencode "username=op.bench" --data-urlencode "password=Bench-Pass-2026x" "http://127.0.0.1:$PORT/masuk"
COOKIE=$(grep -v '^# ' "$JAR" | awk 'NF>=7 {printf "%s=%s; ", $6, $7}')
echo "businesses: $(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/registri" | grep -o '[0-9.]* usaha terdaftar' | head -1)"
printf '%-45s %9s %9s %9s\n' "page" "req/s" "p50" "p99"
for path in /health "/registri" "/registri?urut=pemilik" "/registri?q=siti" "/registri?q=toko" "/registri?q=makan" "/registri?q=warung%20makan" "/registri?q=ma" \
    "/registri?q=toko&urut=pemilik" "/registri?q=toko&skala=kecil" "/registri?q=warung&sektor=C" "/registri?q=toko&izin=halal" "/registri?q=toko&izin=pirt" "/registri?q=s" "/registri?q=s&izin=pirt" "/registri?q=6474015505900001" \
    "/registri?q=0812-3456-7890" "/registri?skala=kecil" "/registri?sektor=C" "/registri?wilayah=64.74.01" "/registri?izin=halal"; do
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" >"$OUT/wrk.txt" 2>&1
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt"); p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")
  printf '%-45s %9s %9s %9s\n' "$path" "$rps" "$p50" "$p99"
done
