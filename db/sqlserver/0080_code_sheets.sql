-- 0080 the lead's sheet of participation codes (SQL Server): same table and columns as db/sqlite/0080_code_sheets.sql.
CREATE TABLE code_sheet_entries (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_code_sheet_entries PRIMARY KEY,
    round_id        INT           NOT NULL CONSTRAINT fk_code_sheet_entries_round REFERENCES checkup_rounds (id),
    protected_code  NVARCHAR(400) NOT NULL
);
CREATE INDEX ix_code_sheet_entries_round ON code_sheet_entries (round_id);
