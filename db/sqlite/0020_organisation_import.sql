-- 0020 organisation import (SQLite): the codes the HR system's file uses for districts and teams (units have
-- theirs since 0001), and uploaded files waiting for the administrator's confirmation (docs/organisation-import.md).
-- Same tables and columns as db/sqlserver/0020_organisation_import.sql.

ALTER TABLE districts ADD COLUMN code TEXT NULL;
ALTER TABLE teams ADD COLUMN code TEXT NULL;
CREATE UNIQUE INDEX ux_districts_code ON districts (code) WHERE code IS NOT NULL;
CREATE UNIQUE INDEX ux_teams_code ON teams (code) WHERE code IS NOT NULL;

-- An upload between preview and confirmation. plan_hash is the preview the administrator saw: a confirmation
-- applies the file only while the same file still makes the same changes. Removed on confirmation and after a day.
CREATE TABLE organisation_import_uploads (
    id           INTEGER PRIMARY KEY,
    file_name    TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    plan_hash    TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL
);
