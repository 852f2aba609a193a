-- 0080 the lead's sheet of participation codes (SQLite). While a pulse is open its plain codes are kept here,
-- each encrypted with the app's data protection (purpose TeamCheckup.Checkups.CodeSheet.v1), so the lead can print
-- the slips again; closing the pulse deletes them. No hash, no "used" mark: nothing here tells which code was used.
CREATE TABLE code_sheet_entries (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    round_id        INTEGER NOT NULL REFERENCES checkup_rounds (id),
    protected_code  TEXT    NOT NULL
);
CREATE INDEX ix_code_sheet_entries_round ON code_sheet_entries (round_id);
