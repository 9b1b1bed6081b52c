"""F1 of the clusters at several match-weight thresholds, from a file of scored pairs.

usage: sweep.py dedup|link RECORDS.csv... -- PAIRS.csv W1 W2 ...

RECORDS are the input files (rec_id column; two files for link, left then right); PAIRS has
rec_id_l, rec_id_r, match_weight (berdaya-match's --pairs-out or Splink's predictions; for
link, rec_id_l is from the left file). Clusters are connected components of the pairs at or
above each threshold, scored by score.py.
"""
import csv
import sys

from score import score_dedup, score_link


def ids(path):
    with open(path, newline="") as fh:
        return [r["rec_id"] for r in csv.DictReader(fh)]


def main():
    mode = sys.argv[1]
    sep = sys.argv.index("--")
    files, pairs_path, thresholds = sys.argv[2:sep], sys.argv[sep + 1], [float(t) for t in sys.argv[sep + 2:]]
    if mode == "dedup":
        nodes = [("", i) for i in ids(files[0])]
    else:
        nodes = [("left", i) for i in ids(files[0])] + [("right", i) for i in ids(files[1])]
    with open(pairs_path, newline="") as fh:
        pairs = [(r["rec_id_l"], r["rec_id_r"], float(r["match_weight"])) for r in csv.DictReader(fh)]
    for t in thresholds:
        parent = {n: n for n in nodes}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b, w in pairs:
            if w >= t:
                na, nb = (("", a), ("", b)) if mode == "dedup" else (("left", a), ("right", b))
                ra, rb = find(na), find(nb)
                if ra != rb:
                    parent[ra] = rb
        if mode == "dedup":
            m = score_dedup([(n[1], str(find(n))) for n in nodes])
        else:
            m = score_link([(n[0], n[1], str(find(n))) for n in nodes])
        print(f"{t:g}\t{m['precision']:.4f}\t{m['recall']:.4f}\t{m['f1']:.4f}")


if __name__ == "__main__":
    main()
