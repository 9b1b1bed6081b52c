-- Exclusion list and Dukcapil rows keep what the upload said about them (issue 5):
-- the row number in the uploaded sheet (reasons name it), whether the row still excludes
-- (a KUR/bank loan marked "lunas" does not; a Dukcapil row of a deceased person is stored
-- with aktif = false, so "NIK padan Dukcapil" catches the dead), and the details shown in
-- reasons (category, agency, bank, status).
ALTER TABLE aid_exclusion_entries ADD COLUMN baris INTEGER;
ALTER TABLE aid_exclusion_entries ADD COLUMN aktif INTEGER NOT NULL DEFAULT 1;
ALTER TABLE aid_exclusion_entries ADD COLUMN keterangan TEXT NOT NULL DEFAULT '';
