#!/usr/bin/env bash
# Linkage benchmark: berdaya-match against Splink (DuckDB, 2 threads) on FEBRL3, FEBRL4 and
# FEBRL3 stacked into disjoint copies. Makes its own venv; writes bench/linkage/out/.
#
#   bench/linkage/run.sh                 # everything (Splink at 2M takes a while)
#   SIZES="500000" bench/linkage/run.sh  # only the 500k stack
#   SKIP_SPLINK_ABOVE=500000 bench/linkage/run.sh
#   BERDAYA=target/release/berdaya bench/linkage/run.sh   # an already built binary
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
sizes="${SIZES:-500000 2000000}"
mkdir -p "$out"

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install -q --upgrade pip
fi
"$here/.venv/bin/pip" install -q splink recordlinkage psutil
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }

"$here/.venv/bin/python" "$here/prepare.py" "$out" $sizes

# Ours is the real binary: `berdaya dedup` / `berdaya link` (bench.py passes --input or
# --left/--right, --out, --threads 2, --seed 42 and reads "candidate pairs: N" from the
# summary). BERDAYA=path/to/berdaya skips the build (a release build of the whole binary takes
# a while the first time: it carries the web app and the PDF engine).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
if [ -z "${BERDAYA:-}" ]; then
  (cd "$root" && cargo build --release -q -p berdaya --bin berdaya)
  BERDAYA="$CARGO_TARGET_DIR/release/berdaya"
fi
bin="$BERDAYA"

cd "$here"
"$here/.venv/bin/python" bench.py "$out" "$bin" --sizes $sizes \
  --skip-splink-above "${SKIP_SPLINK_ABOVE:-1000000000}" ${ONLY:+--only $ONLY}
