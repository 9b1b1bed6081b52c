"""Markdown table of out/results.json with the speed ratio against Splink per data set."""
import json
import sys

results = json.load(open(sys.argv[1]))
rows = ["| data | tool | records | candidate pairs | precision | recall | F1 | wall s | records/s | pairs/s | peak MB | speed-up |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for key, r in results.items():
    other = results.get(f"{r['dataset']}/splink")
    ratio = f"{other['seconds'] / r['seconds']:.1f}×" if other and r["tool"] != "splink" else ""
    rows.append(f"| {r['dataset']} | {r['tool']} | {r['records']:,} | {r['candidate_pairs']:,} | "
                f"{r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['seconds']:.1f} | "
                f"{r['records_per_s']:,.0f} | {r['pairs_per_s']:,.0f} | {r['peak_mb']:,.0f} | {ratio} |")
print("\n".join(rows))
