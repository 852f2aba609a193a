-- 0070 case work as an expert team does it (SQL Server): same changes as db/sqlite/0070_case_per_report_links_experts.sql.
DROP INDEX ux_cases_open_unit ON cases;
DROP INDEX ux_cases_open_team ON cases;
ALTER TABLE cases ADD linked_to_case_id INT NULL CONSTRAINT fk_cases_linked_to REFERENCES cases (id),
    split_from_case_id INT NULL CONSTRAINT fk_cases_split_from REFERENCES cases (id);
ALTER TABLE case_entries ADD shared_with_experts BIT NOT NULL CONSTRAINT df_case_entries_shared DEFAULT 0;
ALTER TABLE users ADD title NVARCHAR(100) NULL;
GO

CREATE UNIQUE INDEX ux_cases_open_team ON cases (team_id) WHERE closed_at IS NULL AND team_id IS NOT NULL AND split_from_case_id IS NULL;
CREATE INDEX ix_cases_linked ON cases (linked_to_case_id);

CREATE TABLE case_handovers (
    id                 INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_handovers PRIMARY KEY,
    case_id            INT            NOT NULL CONSTRAINT fk_case_handovers_case REFERENCES cases (id),
    from_discipline    NVARCHAR(20)   NOT NULL,
    to_discipline      NVARCHAR(20)   NOT NULL,
    signal_id          INT            NULL,
    requested_at       DATETIME2      NOT NULL,
    decided_at         DATETIME2      NULL,
    decided_by_user_id INT            NULL CONSTRAINT fk_case_handovers_user REFERENCES users (id),
    accepted           BIT            NULL,
    reason             NVARCHAR(4000) NULL
);
CREATE INDEX ix_case_handovers_case ON case_handovers (case_id, decided_at);
