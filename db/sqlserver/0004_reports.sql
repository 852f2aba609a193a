-- 0004 reports (SQL Server): same tables and columns as db/sqlite/0004_reports.sql.

CREATE TABLE report_archive (
    id                 INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_report_archive PRIMARY KEY,
    report_type        NVARCHAR(20)   NOT NULL,
    scope_id           INT            NOT NULL,
    quarter            CHAR(6)        NOT NULL,
    language           NVARCHAR(5)    NOT NULL,
    title              NVARCHAR(300)  NOT NULL,
    generated_at       DATETIME2      NOT NULL,
    data_as_of         DATETIME2      NOT NULL,
    generator_version  NVARCHAR(50)   NOT NULL,
    sha256             CHAR(64)       NOT NULL,
    size_bytes         INT            NOT NULL,
    content            VARBINARY(MAX) NOT NULL
);
CREATE UNIQUE INDEX ux_report_archive_key ON report_archive (report_type, scope_id, quarter, language);
GO

CREATE TRIGGER report_archive_immutable ON report_archive
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50003, 'archived reports are immutable', 1;
END;
GO

CREATE TABLE report_batches (
    id            INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_report_batches PRIMARY KEY,
    quarter       CHAR(6)       NOT NULL,
    kind          NVARCHAR(20)  NOT NULL,
    requested_by  NVARCHAR(100) NULL,
    created_at    DATETIME2     NOT NULL,
    finished_at   DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_report_batches_scheduled ON report_batches (quarter, kind) WHERE kind = 'Scheduled';

CREATE TABLE report_batch_items (
    id           INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_report_batch_items PRIMARY KEY,
    batch_id     INT            NOT NULL CONSTRAINT fk_report_batch_items_batch REFERENCES report_batches (id),
    report_type  NVARCHAR(20)   NOT NULL,
    scope_id     INT            NOT NULL,
    language     NVARCHAR(5)    NOT NULL,
    status       NVARCHAR(20)   NOT NULL,
    error        NVARCHAR(2000) NULL,
    archive_id   INT            NULL CONSTRAINT fk_report_batch_items_archive REFERENCES report_archive (id),
    updated_at   DATETIME2      NOT NULL
);
CREATE UNIQUE INDEX ux_report_batch_items ON report_batch_items (batch_id, report_type, scope_id, language);
CREATE INDEX ix_report_batch_items_status ON report_batch_items (status);
