-- What a stored file is for, where that limits who may read it: 'ektp' files (identity card
-- photos) are served only by the owner's e-KTP route, which checks the role and audits each
-- view. Before this column the general file route refused only an owner's *current* e-KTP, so
-- a replaced one stayed downloadable there. Marked here: every current e-KTP and every file
-- an `upload_ektp` audit row names (the replaced ones).
ALTER TABLE files ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
UPDATE files SET purpose = 'ektp'
WHERE id IN (SELECT ektp_file_id FROM owners WHERE ektp_file_id IS NOT NULL)
   OR id IN (SELECT unhex(replace(json_extract(after_data, '$.file_id'), '-', ''))
             FROM audit_log WHERE action = 'upload_ektp' AND after_data IS NOT NULL);
