-- 0020 organisation import (SQL Server): same tables and columns as db/sqlite/0020_organisation_import.sql.

ALTER TABLE districts ADD code NVARCHAR(40) NULL;
ALTER TABLE teams ADD code NVARCHAR(40) NULL;
GO

CREATE UNIQUE INDEX ux_districts_code ON districts (code) WHERE code IS NOT NULL;
CREATE UNIQUE INDEX ux_teams_code ON teams (code) WHERE code IS NOT NULL;

CREATE TABLE organisation_import_uploads (
    id           INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_organisation_import_uploads PRIMARY KEY,
    file_name    NVARCHAR(260)  NOT NULL,
    sha256       CHAR(64)       NOT NULL,
    content      VARBINARY(MAX) NOT NULL,
    plan_hash    CHAR(64)       NOT NULL,
    uploaded_by  NVARCHAR(100)  NOT NULL,
    uploaded_at  DATETIME2      NOT NULL
);
