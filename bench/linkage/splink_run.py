"""Run Splink (DuckDB backend) on FEBRL-shaped CSV files and write clusters as CSV.

usage: splink_run.py dedup IN.csv OUT.csv [--threshold P] [--threads N]
       splink_run.py link A.csv B.csv OUT.csv [--threshold P] [--threads N]

The model follows Splink's own FEBRL examples: name comparisons with term frequencies,
date-of-birth, Damerau-Levenshtein on the social-security id, exact street number and
postcode, Jaro-Winkler on suburb and address; u from random sampling, the prior from
deterministic rules, m by EM on two training blocking rules. The prediction blocking rules
are the same joins berdaya-match uses by default on these columns (so both tools score the
same kind of candidate set), except the phonetic rule, which DuckDB has no function for.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

COLS = ["rec_id", "given_name", "surname", "street_number", "address_1", "address_2", "suburb",
        "postcode", "state", "date_of_birth", "soc_sec_id"]

BLOCKING = [
    block_on("soc_sec_id"),
    block_on("given_name", "surname"),
    "l.given_name = r.surname and l.surname = r.given_name",
    block_on("date_of_birth", "substr(surname, 1, 1)"),
    block_on("date_of_birth", "substr(given_name, 1, 1)"),
    block_on("date_of_birth", "postcode"),
    block_on("postcode", "substr(given_name, 1, 3)"),
    block_on("postcode", "substr(surname, 1, 3)"),
    block_on("suburb", "substr(given_name, 1, 1)"),
    block_on("suburb", "substr(surname, 1, 1)"),
    block_on("street_number", "postcode"),
    block_on("address_1", "address_2"),
    block_on("substr(date_of_birth, 1, 4)", "substr(given_name, 1, 3)"),
    block_on("substr(date_of_birth, 1, 4)", "substr(surname, 1, 3)"),
]


def settings(link_type):
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]).configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("suburb", [0.92, 0.8]).configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.92, 0.8]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=BLOCKING,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def read(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)[COLS]
    return df.replace("", None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["dedup", "link"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--threshold", type=float, default=0.95, help="match probability")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="8GB",
                    help="DuckDB memory_limit; beyond it DuckDB spills to out/duckdb_tmp")
    ap.add_argument("--predictions-out", help="also write all scored pairs (for threshold sweeps)")
    ap.add_argument("--stats-out")
    a = ap.parse_args()
    started = time.time()
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    con.execute(f"SET memory_limit = '{a.memory_limit}'")
    con.execute(f"SET temp_directory = '{Path(a.paths[-1]).parent / 'duckdb_tmp'}'")
    db = DuckDBAPI(connection=con)
    if a.mode == "dedup":
        inp, out = a.paths
        frames = [read(inp)]
        link_type = "dedupe_only"
    else:
        left, right, out = a.paths
        frames = [read(left), read(right)]
        link_type = "link_only"
    tables = [db.register(f, dataset_display_name=n) for f, n in zip(frames, ["input_left", "input_right"])]
    linker = Linker(tables if a.mode == "link" else tables[0], settings(link_type), log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth"), block_on("given_name", "surname", "date_of_birth")],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    # Score every candidate pair (no threshold at prediction) and cluster at the threshold.
    pred = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=a.threshold)
    cdf = clusters.as_pandas_dataframe()
    elapsed = time.time() - started
    if a.mode == "dedup":
        cdf[["rec_id", "cluster_id"]].to_csv(out, index=False)
    else:
        cdf["source"] = cdf["source_dataset"].str.replace("input_", "", regex=False)
        cdf[["source", "rec_id", "cluster_id"]].to_csv(out, index=False)
    n_pairs = con.execute(f"select count(*) from {pred.physical_name}").fetchone()[0]
    if a.predictions_out:
        con.execute(
            f"copy (select rec_id_l, rec_id_r, match_weight, match_probability from {pred.physical_name} "
            f"where match_probability >= 0.01) to '{a.predictions_out}' (header, delimiter ',')")
    stats = {"seconds_to_clusters": elapsed, "candidate_pairs": int(n_pairs)}
    if a.stats_out:
        with open(a.stats_out, "w") as fh:
            json.dump(stats, fh)
    print(json.dumps(stats))


if __name__ == "__main__":
    sys.exit(main())
