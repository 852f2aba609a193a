-- 0022 retention (SQLite, SPEC §9 P6): the periods per kind, what the purge job did, marks on what it has purged, and an
-- archive that allows exactly the retention deletion. Same tables and columns as db/sqlserver/0022_retention.sql.

INSERT INTO settings (name, value) VALUES ('retention.pulse_answers_months', '12');
INSERT INTO settings (name, value) VALUES ('retention.report_threads_months', '12');
INSERT INTO settings (name, value) VALUES ('retention.closed_cases_years', '5');
INSERT INTO settings (name, value) VALUES ('retention.archived_reports_years', '7');

-- One run of the daily purge. The cut-offs are fixed when the run starts; counts only, never what was removed.
-- A run that never finished (the process stopped) is closed by the next one, which carries on where it stopped.
CREATE TABLE retention_runs (
    id                      INTEGER PRIMARY KEY,
    started_at              TEXT    NOT NULL,
    finished_at             TEXT    NULL,
    pulse_answers_before    TEXT    NOT NULL,
    report_threads_before   TEXT    NOT NULL,
    closed_cases_before     TEXT    NOT NULL,
    reports_before_quarter  TEXT    NOT NULL,
    counts                  TEXT    NULL,
    outcome                 TEXT    NULL
);

ALTER TABLE checkup_rounds ADD COLUMN answers_purged_at TEXT NULL;
ALTER TABLE cases ADD COLUMN anonymised_at TEXT NULL;
ALTER TABLE anonymous_reports ADD COLUMN thread_closed_at TEXT NULL;

-- The archive still refuses every change, and every deletion but one: a report of a quarter before the cut-off of a
-- retention run in progress.
DROP TRIGGER report_archive_no_delete;
CREATE TRIGGER report_archive_no_delete BEFORE DELETE ON report_archive
WHEN NOT EXISTS (SELECT 1 FROM retention_runs WHERE finished_at IS NULL AND OLD.quarter < reports_before_quarter)
BEGIN
    SELECT RAISE(ABORT, 'archived reports are immutable');
END;
