"""The screening of `berdaya screen` as SQL joins in DuckDB, over the same CSV files.

Usage: duckdb_screen.py DATA_DIR OUT.csv THREADS

Same checks, same inputs, one output row per applicant (line, nik, status, categories):
NIK anomaly (shape, month, day, serial), civil registry (absent, other name, dead), ASN /
KUR (active) / deceased lists by exact NIK, a probable ASN match by name and birth date
under another NIK, not micro (annual sales = 12 x monthly > Rp 2 M), the same NIK twice,
the same person under two NIKs (name + birth date, or phone). Names are compared lower-cased
and trimmed: DuckDB has no Indonesian name normalisation, so it does less work than
berdaya screen on names (no titles, old spellings, typos).
"""

import sys
import time

import duckdb

data, out, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
start = time.time()


def csv(name):
    return f"read_csv('{data}/{name}', header = true, all_varchar = true)"


con.execute(
    f"""
COPY (
WITH app AS (
  SELECT CAST(no AS BIGINT) + 1 AS baris, nik, lower(trim(nama)) AS nm, tanggal_lahir,
         regexp_replace(regexp_replace(no_hp, '[^0-9]', '', 'g'), '^(62|0)', '') AS hp,
         TRY_CAST(omzet_per_bulan AS BIGINT) * 12 AS omzet_tahun
  FROM {csv('applicants.csv')}
),
shape AS (
  SELECT *, coalesce(regexp_full_match(nik, '[0-9]{{16}}')
        AND substr(nik, 13, 4) <> '0000'
        AND TRY_CAST(substr(nik, 9, 2) AS INT) BETWEEN 1 AND 12
        AND (TRY_CAST(substr(nik, 7, 2) AS INT) BETWEEN 1 AND 31
             OR TRY_CAST(substr(nik, 7, 2) AS INT) BETWEEN 41 AND 71), false) AS nik_ok
  FROM app
),
reg AS (SELECT nik, lower(trim(nama)) AS nm, hidup FROM {csv('registry.csv')}),
asn AS (SELECT DISTINCT nik FROM {csv('asn.csv')}),
asn_person AS (
  SELECT lower(trim(nama)) AS nm, tanggal_lahir, min(nik) AS nik FROM {csv('asn.csv')} GROUP BY ALL
),
kur AS (SELECT DISTINCT nik FROM {csv('kur.csv')} WHERE status <> 'lunas'),
dec AS (SELECT DISTINCT nik FROM {csv('deceased.csv')}),
joined AS (
  SELECT s.baris, s.nik, s.nik_ok, s.omzet_tahun,
         r.nik IS NULL AS no_reg, coalesce(r.nm <> s.nm, false) AS other_name,
         coalesce(r.hidup = '0', false) AS reg_dead,
         a.nik IS NOT NULL AS is_asn, k.nik IS NOT NULL AS is_kur, d.nik IS NOT NULL AS is_dead,
         coalesce(ap.nik <> s.nik, false) AS near_asn,
         row_number() OVER (PARTITION BY s.nik ORDER BY s.baris) > 1 AS twice,
         coalesce(min(s.nik) OVER (PARTITION BY s.nm, s.tanggal_lahir)
           <> max(s.nik) OVER (PARTITION BY s.nm, s.tanggal_lahir), false) AS same_person,
         coalesce(s.hp <> '' AND min(s.nik) OVER (PARTITION BY s.hp)
           <> max(s.nik) OVER (PARTITION BY s.hp), false) AS same_phone
  FROM shape s
  LEFT JOIN reg r ON r.nik = s.nik
  LEFT JOIN asn a ON a.nik = s.nik
  LEFT JOIN kur k ON k.nik = s.nik
  LEFT JOIN dec d ON d.nik = s.nik
  LEFT JOIN asn_person ap ON ap.nm = s.nm AND ap.tanggal_lahir = s.tanggal_lahir
),
cats AS (
  SELECT baris, nik,
    concat_ws('; ',
      CASE WHEN NOT nik_ok THEN 'nik_anomali' END,
      CASE WHEN nik_ok AND (no_reg OR other_name) THEN 'nik_tidak_padan' END,
      CASE WHEN is_asn THEN 'asn_tni_polri_bumn_bumd' END,
      CASE WHEN is_dead OR reg_dead THEN 'meninggal_dunia' END,
      CASE WHEN coalesce(omzet_tahun > 2000000000, false) THEN 'bukan_usaha_mikro' END,
      CASE WHEN is_kur THEN 'debitur_bank_kur' END,
      CASE WHEN twice THEN 'penerima_ganda' END) AS fail,
    concat_ws('; ',
      CASE WHEN near_asn AND NOT is_asn THEN 'asn_tni_polri_bumn_bumd' END,
      CASE WHEN (same_person OR same_phone) AND NOT twice THEN 'penerima_ganda' END) AS review
  FROM joined
)
SELECT baris, nik,
  CASE WHEN fail <> '' THEN 'not_eligible' WHEN review <> '' THEN 'needs_review' ELSE 'eligible' END AS status,
  CASE WHEN fail <> '' THEN fail ELSE review END AS kategori
FROM cats ORDER BY baris
) TO '{out}' (HEADER, DELIMITER ',')
"""
)
elapsed = time.time() - start
counts = con.execute(
    f"SELECT status, count(*) FROM read_csv('{out}', header = true) GROUP BY 1 ORDER BY 1"
).fetchall()
print(f"duckdb {duckdb.__version__}, {threads} threads: {elapsed:.1f} s")
for status, n in counts:
    print(f"  {status:<14} {n:>10}")
