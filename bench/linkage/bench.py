"""Run berdaya-match and Splink on the same FEBRL inputs; score both with score.py.

usage: bench.py OUT_DIR OURS_BINARY [--sizes 500000 2000000] [--skip-splink-above N]

Each run is one process under /usr/bin/time -v: wall time and peak resident memory are the
whole process's, from start to the clusters file on disk (Python start-up and CSV reading
included for Splink; CSV reading included for ours). Results go to OUT_DIR/results.json and
OUT_DIR/results.md.
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from score import score_file

HERE = Path(__file__).resolve().parent


def timed(cmd, log):
    full = ["/usr/bin/time", "-v"] + [str(c) for c in cmd]
    with open(log, "w") as fh:
        proc = subprocess.run(full, stdout=fh, stderr=subprocess.STDOUT)
    text = Path(log).read_text()
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{text[-3000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss_kb / 1024, text


def ours(binary, job, out):
    cmd = [binary, job["mode"]]
    if job["mode"] == "dedup":
        cmd += ["--input", job["inputs"][0]]
    else:
        cmd += ["--left", job["inputs"][0], "--right", job["inputs"][1]]
    clusters = out / f"ours_{job['name']}.csv"
    cmd += ["--out", clusters, "--threads", "2", "--seed", "42"]
    secs, mem, text = timed(cmd, out / f"ours_{job['name']}.log")
    pairs = int(re.search(r"candidate pairs: (\d+)", text).group(1))
    return clusters, secs, mem, pairs


def splink(job, out):
    clusters = out / f"splink_{job['name']}.csv"
    stats = out / f"splink_{job['name']}.json"
    cmd = [sys.executable, HERE / "splink_run.py", job["mode"], *job["inputs"], clusters,
           "--threads", "2", "--stats-out", stats]
    secs, mem, _ = timed(cmd, out / f"splink_{job['name']}.log")
    return clusters, secs, mem, json.loads(stats.read_text())["candidate_pairs"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("binary")
    ap.add_argument("--sizes", type=int, nargs="*", default=[500000, 2000000])
    ap.add_argument("--skip-splink-above", type=int, default=10**9)
    ap.add_argument("--only", nargs="*", help="job names to run (default: all)")
    a = ap.parse_args()
    data = a.out
    jobs = [
        {"name": "febrl3", "mode": "dedup", "inputs": [data / "febrl3.csv"], "records": 5000},
        {"name": "febrl4", "mode": "link", "inputs": [data / "febrl4a.csv", data / "febrl4b.csv"], "records": 10000},
    ] + [
        {"name": f"febrl3_{n}", "mode": "dedup", "inputs": [data / f"febrl3_{n}.csv"], "records": n}
        for n in a.sizes
    ]
    results_path = a.out / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    for job in jobs:
        if a.only and job["name"] not in a.only:
            continue
        tools = [("berdaya-match", lambda j: ours(a.binary, j, a.out))]
        if job["records"] <= a.skip_splink_above:
            tools.append(("splink", lambda j: splink(j, a.out)))
        for tool, fn in tools:
            print(f"{job['name']}: {tool} …", flush=True)
            clusters, secs, mem, pairs = fn(job)
            m = score_file(clusters)
            row = {"dataset": job["name"], "tool": tool, "records": job["records"], "seconds": secs,
                   "peak_mb": mem, "candidate_pairs": pairs, "records_per_s": job["records"] / secs,
                   "pairs_per_s": pairs / secs, **m}
            results[f"{job['name']}/{tool}"] = row
            print(json.dumps(row), flush=True)
            results_path.write_text(json.dumps(results, indent=1))
    lines = ["| data | tool | records | candidate pairs | precision | recall | F1 | wall s | records/s | peak MB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results.values():
        lines.append(f"| {r['dataset']} | {r['tool']} | {r['records']:,} | {r['candidate_pairs']:,} | "
                     f"{r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['seconds']:.1f} | "
                     f"{r['records_per_s']:,.0f} | {r['peak_mb']:,.0f} |")
    (a.out / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
