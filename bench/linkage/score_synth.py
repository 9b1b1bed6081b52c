"""F1 of berdaya-match on a `berdaya gen owners` registry, scored against its truth file.

usage: score_synth.py TRUTH.csv CLUSTERS.csv PAIRS.csv W1 W2 ...

The truth file gives the person behind each row ("row" = the "No" column); two rows are a
true pair when they are the same person (planted duplicates and owners listed with a second
business). Clusters are rebuilt from the pairs at each threshold.
"""
import csv, sys
from collections import Counter
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from score import metrics, c2
truth = {r["row"]: r["person_id"] for r in csv.DictReader(open(sys.argv[1]))}
def score(rows):
    bc, be, cell = Counter(), Counter(), Counter()
    for rid, cl in rows:
        e = truth[rid]; bc[cl]+=1; be[e]+=1; cell[(cl,e)]+=1
    return metrics(sum(c2(n) for n in cell.values()), sum(c2(n) for n in bc.values()), sum(c2(n) for n in be.values()))
recs = [r["rec_id"] for r in csv.DictReader(open(sys.argv[2]))]
pairs = [(r["rec_id_l"], r["rec_id_r"], float(r["match_weight"])) for r in csv.DictReader(open(sys.argv[3]))]
for t in [float(x) for x in sys.argv[4:]]:
    parent = {x: x for x in recs}
    def find(x):
        while parent[x] != x: parent[x] = parent[parent[x]]; x = parent[x]
        return x
    for a, b, w in pairs:
        if w >= t:
            ra, rb = find(a), find(b)
            if ra != rb: parent[ra] = rb
    m = score([(x, find(x)) for x in recs])
    print(t, {k: (round(v, 4) if isinstance(v, float) else v) for k, v in m.items()})
