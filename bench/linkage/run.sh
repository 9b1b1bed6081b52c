#!/usr/bin/env bash
# Linkage benchmark: berdaya-match against Splink (DuckDB, 2 threads) on FEBRL3, FEBRL4 and
# FEBRL3 stacked into disjoint copies. Makes its own venv; writes bench/linkage/out/.
#
#   bench/linkage/run.sh                 # everything (Splink at 2M takes a while)
#   SIZES="500000" bench/linkage/run.sh  # only the 500k stack
#   SKIP_SPLINK_ABOVE=500000 bench/linkage/run.sh
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

# Until the berdaya binary has its dedup/link subcommands, the crate's example drives it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --release -q -p berdaya-match --example dedup)
bin="$CARGO_TARGET_DIR/release/examples/dedup"

cd "$here"
"$here/.venv/bin/python" bench.py "$out" "$bin" --sizes $sizes \
  --skip-splink-above "${SKIP_SPLINK_ABOVE:-1000000000}" ${ONLY:+--only $ONLY}
