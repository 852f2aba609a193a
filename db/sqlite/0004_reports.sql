-- 0004 reports (SQLite): the archive of generated quarterly PDFs and the batches that make them.

-- Immutable archive: one document per (type, scope, quarter, language); scope_id 0 = national.
CREATE TABLE report_archive (
    id                 INTEGER PRIMARY KEY,
    report_type        TEXT    NOT NULL,
    scope_id           INTEGER NOT NULL,
    quarter            TEXT    NOT NULL,
    language           TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    generated_at       TEXT    NOT NULL,
    data_as_of         TEXT    NOT NULL,
    generator_version  TEXT    NOT NULL,
    sha256             TEXT    NOT NULL,
    size_bytes         INTEGER NOT NULL,
    content            BLOB    NOT NULL
);
CREATE UNIQUE INDEX ux_report_archive_key ON report_archive (report_type, scope_id, quarter, language);

CREATE TRIGGER report_archive_immutable BEFORE UPDATE ON report_archive
BEGIN
    SELECT RAISE(ABORT, 'archived reports are immutable');
END;

CREATE TRIGGER report_archive_no_delete BEFORE DELETE ON report_archive
BEGIN
    SELECT RAISE(ABORT, 'archived reports are immutable');
END;

CREATE TABLE report_batches (
    id            INTEGER PRIMARY KEY,
    quarter       TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    requested_by  TEXT    NULL,
    created_at    TEXT    NOT NULL,
    finished_at   TEXT    NULL
);
CREATE UNIQUE INDEX ux_report_batches_scheduled ON report_batches (quarter, kind) WHERE kind = 'Scheduled';

CREATE TABLE report_batch_items (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL REFERENCES report_batches (id),
    report_type  TEXT    NOT NULL,
    scope_id     INTEGER NOT NULL,
    language     TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    error        TEXT    NULL,
    archive_id   INTEGER NULL REFERENCES report_archive (id),
    updated_at   TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_report_batch_items ON report_batch_items (batch_id, report_type, scope_id, language);
CREATE INDEX ix_report_batch_items_status ON report_batch_items (status);
