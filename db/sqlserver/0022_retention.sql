-- 0022 retention (SQL Server): same tables and columns as db/sqlite/0022_retention.sql.

INSERT INTO settings (name, value) VALUES ('retention.pulse_answers_months', '12');
INSERT INTO settings (name, value) VALUES ('retention.report_threads_months', '12');
INSERT INTO settings (name, value) VALUES ('retention.closed_cases_years', '5');
INSERT INTO settings (name, value) VALUES ('retention.archived_reports_years', '7');

CREATE TABLE retention_runs (
    id                      INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_retention_runs PRIMARY KEY,
    started_at              DATETIME2      NOT NULL,
    finished_at             DATETIME2      NULL,
    pulse_answers_before    DATETIME2      NOT NULL,
    report_threads_before   DATETIME2      NOT NULL,
    closed_cases_before     DATETIME2      NOT NULL,
    reports_before_quarter  CHAR(6)        NOT NULL,
    counts                  NVARCHAR(1000) NULL,
    outcome                 NVARCHAR(100)  NULL
);

ALTER TABLE checkup_rounds ADD answers_purged_at DATETIME2 NULL;
ALTER TABLE cases ADD anonymised_at DATETIME2 NULL;
ALTER TABLE anonymous_reports ADD thread_closed_at DATETIME2 NULL;
GO

DROP TRIGGER report_archive_immutable;
GO

CREATE TRIGGER report_archive_immutable ON report_archive
INSTEAD OF UPDATE
AS
BEGIN
    THROW 50003, 'archived reports are immutable', 1;
END;
GO

CREATE TRIGGER report_archive_retention ON report_archive
INSTEAD OF DELETE
AS
BEGIN
    IF EXISTS (SELECT 1 FROM deleted d WHERE NOT EXISTS
               (SELECT 1 FROM retention_runs r WHERE r.finished_at IS NULL AND d.quarter < r.reports_before_quarter))
        THROW 50003, 'archived reports are immutable', 1;
    DELETE FROM report_archive WHERE id IN (SELECT id FROM deleted);
END;
GO
