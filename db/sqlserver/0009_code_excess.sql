-- 0009 participation codes beyond a team's headcount (SQL Server): same table and columns as
-- db/sqlite/0009_code_excess.sql.

CREATE TABLE code_excess_notices (
    id            INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_code_excess_notices PRIMARY KEY,
    round_id      INT            NOT NULL CONSTRAINT fk_code_excess_notices_round REFERENCES checkup_rounds (id),
    unit_id       INT            NOT NULL CONSTRAINT fk_code_excess_notices_unit REFERENCES units (id),
    headcount     INT            NOT NULL,
    code_limit    INT            NOT NULL,
    codes_before  INT            NOT NULL,
    codes_added   INT            NOT NULL,
    reason        NVARCHAR(500)  NOT NULL,
    issued_by     NVARCHAR(100)  NOT NULL,
    issued_on     DATE           NOT NULL,
    notified_at   DATETIME2      NULL
);
CREATE INDEX ix_code_excess_notices_unit ON code_excess_notices (unit_id, issued_on);
CREATE INDEX ix_code_excess_notices_round ON code_excess_notices (round_id);
