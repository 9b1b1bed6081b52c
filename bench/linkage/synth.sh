#!/usr/bin/env bash
# berdaya-match on synthetic Indonesian registries from `berdaya gen owners` (berdaya-synth):
# real kecamatan/desa, NIKs, regional names, planted duplicates (spelling variants, other
# phone, NIK typos) and owners with a second business. Scored against the truth file.
#
#   bench/linkage/synth.sh            # 20k rows of one kota (64.74) and 200k of all Indonesia
#   BERDAYA=path/to/berdaya bench/linkage/synth.sh   # an already built (release) binary
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out/synth"
mkdir -p "$out"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
if [ -z "${BERDAYA:-}" ]; then
  (cd "$root" && cargo build --release -q -p berdaya --bin berdaya)
  BERDAYA="$CARGO_TARGET_DIR/release/berdaya"
fi
py="$here/.venv/bin/python"; [ -x "$py" ] || py=python3

run() { # name count region seed
  "$BERDAYA" gen owners --count "$2" ${3:+--region "$3"} --seed "$4" --dup-rate 0.05 --error-rate 0.02 \
    --out "$out/$1.csv" --truth "$out/$1_truth.csv" >/dev/null
  /usr/bin/time -f "$1: wall %e s, peak %M kB" "$BERDAYA" dedup --input "$out/$1.csv" \
    --out "$out/$1_clusters.csv" --pairs-out "$out/$1_pairs.csv" --threshold 0 | grep -E "candidate pairs|time"
  echo "threshold precision/recall/F1:"
  "$py" "$here/score_synth.py" "$out/$1_truth.csv" "$out/$1_clusters.csv" "$out/$1_pairs.csv" 0 3 5 8
}
run bontang_20k 20000 64.74 3
run indonesia_200k 200000 "" 4
