-- 0003 triage (SQL Server): same tables and columns as db/sqlite/0003_triage.sql.

CREATE TABLE incidents (
    id             INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_incidents PRIMARY KEY,
    team_id        INT            NOT NULL CONSTRAINT fk_incidents_team REFERENCES teams (id),
    incident_date  DATE           NOT NULL,
    category       NVARCHAR(30)   NOT NULL,
    severity       NVARCHAR(10)   NOT NULL,
    description    NVARCHAR(4000) NOT NULL,
    registered_by  INT            NOT NULL CONSTRAINT fk_incidents_user REFERENCES users (id),
    created_at     DATETIME2      NOT NULL
);
CREATE INDEX ix_incidents_team ON incidents (team_id);

CREATE TABLE anonymous_reports (
    id               INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_anonymous_reports PRIMARY KEY,
    unit_id          INT           NOT NULL CONSTRAINT fk_anonymous_reports_unit REFERENCES units (id),
    team_id          INT           NULL CONSTRAINT fk_anonymous_reports_team REFERENCES teams (id),
    category         NVARCHAR(30)  NOT NULL,
    lookup_id        CHAR(16)      NOT NULL,
    key_hash         CHAR(64)      NOT NULL,
    key_salt         CHAR(32)      NOT NULL,
    received_on      DATE          NOT NULL,
    acknowledged_at  DATETIME2     NULL,
    feedback_at      DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_anonymous_reports_lookup ON anonymous_reports (lookup_id);

CREATE TABLE report_messages (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_report_messages PRIMARY KEY,
    report_id       INT            NOT NULL CONSTRAINT fk_report_messages_report REFERENCES anonymous_reports (id),
    from_reporter   BIT            NOT NULL,
    is_internal     BIT            NOT NULL CONSTRAINT df_report_messages_internal DEFAULT 0,
    is_feedback     BIT            NOT NULL CONSTRAINT df_report_messages_feedback DEFAULT 0,
    body            NVARCHAR(4000) NOT NULL,
    author_user_id  INT            NULL CONSTRAINT fk_report_messages_user REFERENCES users (id),
    created_on      DATE           NOT NULL,
    created_at      DATETIME2      NULL
);
CREATE INDEX ix_report_messages_report ON report_messages (report_id);

CREATE TABLE cases (
    id                 INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_cases PRIMARY KEY,
    unit_id            INT            NOT NULL CONSTRAINT fk_cases_unit REFERENCES units (id),
    team_id            INT            NULL CONSTRAINT fk_cases_team REFERENCES teams (id),
    status             NVARCHAR(20)   NOT NULL,
    priority           NVARCHAR(10)   NOT NULL,
    lead_discipline    NVARCHAR(20)   NOT NULL,
    opened_at          DATETIME2      NOT NULL,
    triage_due_on      DATE           NOT NULL,
    analysis           NVARCHAR(MAX)  NULL,
    analysis_at        DATETIME2      NULL,
    outcome            NVARCHAR(30)   NULL,
    outcome_rationale  NVARCHAR(4000) NULL,
    closed_at          DATETIME2      NULL,
    updated_at         DATETIME2      NOT NULL
);
CREATE UNIQUE INDEX ux_cases_open_team ON cases (team_id) WHERE closed_at IS NULL AND team_id IS NOT NULL;
CREATE UNIQUE INDEX ux_cases_open_unit ON cases (unit_id) WHERE closed_at IS NULL AND team_id IS NULL;
CREATE INDEX ix_cases_queue ON cases (unit_id, lead_discipline, closed_at);

CREATE TABLE case_members (
    case_id     INT          NOT NULL CONSTRAINT fk_case_members_case REFERENCES cases (id),
    user_id     INT          NOT NULL CONSTRAINT fk_case_members_user REFERENCES users (id),
    role        NVARCHAR(30) NOT NULL,
    added_at    DATETIME2    NOT NULL,
    removed_at  DATETIME2    NULL,
    CONSTRAINT pk_case_members PRIMARY KEY (case_id, user_id, role)
);
CREATE INDEX ix_case_members_user ON case_members (user_id, removed_at);

CREATE TABLE case_entries (
    id                  INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_entries PRIMARY KEY,
    case_id             INT            NOT NULL CONSTRAINT fk_case_entries_case REFERENCES cases (id),
    kind                NVARCHAR(20)   NOT NULL,
    body                NVARCHAR(4000) NOT NULL,
    involves_team_lead  BIT            NOT NULL CONSTRAINT df_case_entries_lead DEFAULT 0,
    author_user_id      INT            NULL CONSTRAINT fk_case_entries_user REFERENCES users (id),
    created_at          DATETIME2      NOT NULL
);
CREATE INDEX ix_case_entries_case ON case_entries (case_id);

CREATE TABLE signals (
    id            INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_signals PRIMARY KEY,
    unit_id       INT           NOT NULL CONSTRAINT fk_signals_unit REFERENCES units (id),
    team_id       INT           NULL CONSTRAINT fk_signals_team REFERENCES teams (id),
    source        NVARCHAR(30)  NOT NULL,
    round_id      INT           NULL CONSTRAINT fk_signals_round REFERENCES checkup_rounds (id),
    incident_id   INT           NULL CONSTRAINT fk_signals_incident REFERENCES incidents (id),
    report_id     INT           NULL CONSTRAINT fk_signals_report REFERENCES anonymous_reports (id),
    payload       NVARCHAR(MAX) NOT NULL,
    created_at    DATETIME2     NOT NULL,
    processed_at  DATETIME2     NULL,
    case_id       INT           NULL CONSTRAINT fk_signals_case REFERENCES cases (id),
    outcome       NVARCHAR(MAX) NULL
);
CREATE INDEX ix_signals_unprocessed ON signals (processed_at);
CREATE INDEX ix_signals_case ON signals (case_id);
CREATE UNIQUE INDEX ux_signals_round_source ON signals (round_id, source) WHERE round_id IS NOT NULL;

INSERT INTO settings (name, value) VALUES ('rule.low_satisfaction.mean', '6.0');
INSERT INTO settings (name, value) VALUES ('rule.low_satisfaction.ps_index', '60');
INSERT INTO settings (name, value) VALUES ('rule.drop.satisfaction', '1.0');
INSERT INTO settings (name, value) VALUES ('rule.drop.ps_index', '10');
INSERT INTO settings (name, value) VALUES ('rule.unacceptable.share', '0.20');
