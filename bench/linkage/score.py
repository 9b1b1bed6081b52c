"""Pairwise precision / recall / F1 of a clustering, the same code for every tool.

A cluster file has columns rec_id, cluster_id (dedup) or source, rec_id, cluster_id (link).
The true entity is read from the FEBRL rec_id ("rec-123-dup-0" -> 123, with the "cNNNN-"
copy prefix of stacked data). For dedup, a predicted pair is two records in one cluster; for
link, one record of each file in one cluster.
"""
import csv
import re
import sys
from collections import Counter, defaultdict

ENTITY = re.compile(r"^(?:(c\d+)-)?rec-(\d+)-")


def entity(rec_id):
    m = ENTITY.match(rec_id)
    if not m:
        raise ValueError(f"cannot read the entity of {rec_id!r}")
    return (m.group(1) or "", m.group(2))


def c2(n):
    return n * (n - 1) // 2


def score_dedup(rows):
    """rows: iterable of (rec_id, cluster_id)."""
    by_cluster, by_entity, cell = Counter(), Counter(), Counter()
    for rec_id, cl in rows:
        e = entity(rec_id)
        by_cluster[cl] += 1
        by_entity[e] += 1
        cell[(cl, e)] += 1
    tp = sum(c2(n) for n in cell.values())
    pred = sum(c2(n) for n in by_cluster.values())
    true = sum(c2(n) for n in by_entity.values())
    return metrics(tp, pred, true)


def score_link(rows):
    """rows: iterable of (source, rec_id, cluster_id); source is left or right."""
    side_cluster = defaultdict(Counter)  # cluster -> side -> n
    side_entity = defaultdict(Counter)
    cell = defaultdict(Counter)  # (cluster, entity) -> side -> n
    for source, rec_id, cl in rows:
        e = entity(rec_id)
        side_cluster[cl][source] += 1
        side_entity[e][source] += 1
        cell[(cl, e)][source] += 1
    cross = lambda c: c["left"] * c["right"]
    tp = sum(cross(c) for c in cell.values())
    pred = sum(cross(c) for c in side_cluster.values())
    true = sum(cross(c) for c in side_entity.values())
    return metrics(tp, pred, true)


def metrics(tp, pred, true):
    p = tp / pred if pred else 0.0
    r = tp / true if true else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted_pairs": pred, "true_pairs": true, "precision": p, "recall": r, "f1": f1}


def read_clusters(path):
    with open(path, newline="") as fh:
        rd = csv.DictReader(fh)
        if "source" in rd.fieldnames:
            return "link", [(r["source"], r["rec_id"], r["cluster_id"]) for r in rd]
        return "dedup", [(r["rec_id"], r["cluster_id"]) for r in rd]


def score_file(path):
    mode, rows = read_clusters(path)
    return score_dedup(rows) if mode == "dedup" else score_link(rows)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        m = score_file(p)
        print(p, " ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in m.items()))
