-- 0002 check-up cycle (SQL Server): same tables and columns as db/sqlite/0002_checkup_cycle.sql.

CREATE TABLE questionnaire_versions (
    id             INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_questionnaire_versions PRIMARY KEY,
    version        INT           NOT NULL,
    definition     NVARCHAR(MAX) NOT NULL,
    created_at     DATETIME2     NOT NULL,
    first_used_at  DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_questionnaire_versions_version ON questionnaire_versions (version);
GO

CREATE TRIGGER questionnaire_versions_frozen ON questionnaire_versions
AFTER UPDATE
AS
BEGIN
    IF (UPDATE(definition) OR UPDATE(version))
       AND EXISTS (SELECT 1 FROM deleted d WHERE d.first_used_at IS NOT NULL)
        THROW 50002, 'questionnaire version in use cannot change', 1;
END;
GO

CREATE TABLE checkup_rounds (
    id                        INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_checkup_rounds PRIMARY KEY,
    team_id                   INT           NOT NULL CONSTRAINT fk_checkup_rounds_team REFERENCES teams (id),
    period_start              DATE          NOT NULL,
    period_end                DATE          NOT NULL,
    cadence_months            INT           NOT NULL,
    created_at                DATETIME2     NOT NULL,
    questionnaire_version_id  INT           NULL CONSTRAINT fk_checkup_rounds_questionnaire REFERENCES questionnaire_versions (id),
    k_threshold               INT           NULL,
    kc_threshold              INT           NULL,
    pulse_opened_at           DATETIME2     NULL,
    pulse_closes_on           DATE          NULL,
    pulse_closed_at           DATETIME2     NULL,
    codes_issued              INT           NOT NULL CONSTRAINT df_checkup_rounds_codes DEFAULT 0,
    response_count            INT           NOT NULL CONSTRAINT df_checkup_rounds_responses DEFAULT 0,
    headcount_at_open         INT           NULL,
    tension_flag              BIT           NOT NULL CONSTRAINT df_checkup_rounds_tension DEFAULT 0,
    tension_description       NVARCHAR(2000) NULL,
    review_updated_at         DATETIME2     NULL,
    completed_at              DATETIME2     NULL,
    completed_by              NVARCHAR(100) NULL
);
CREATE UNIQUE INDEX ux_checkup_rounds_team_period ON checkup_rounds (team_id, period_start);
CREATE INDEX ix_checkup_rounds_open ON checkup_rounds (completed_at, period_start);

CREATE TABLE participation_codes (
    code_hash  CHAR(64) NOT NULL CONSTRAINT pk_participation_codes PRIMARY KEY,
    round_id   INT      NOT NULL CONSTRAINT fk_participation_codes_round REFERENCES checkup_rounds (id),
    is_used    BIT      NOT NULL CONSTRAINT df_participation_codes_used DEFAULT 0
);
CREATE INDEX ix_participation_codes_round ON participation_codes (round_id);

CREATE TABLE pulse_responses (
    id                        CHAR(32)      NOT NULL CONSTRAINT pk_pulse_responses PRIMARY KEY,
    round_id                  INT           NOT NULL CONSTRAINT fk_pulse_responses_round REFERENCES checkup_rounds (id),
    questionnaire_version_id  INT           NOT NULL CONSTRAINT fk_pulse_responses_questionnaire REFERENCES questionnaire_versions (id),
    response_date             DATE          NOT NULL,
    ps1 TINYINT NOT NULL, ps2 TINYINT NOT NULL, ps3 TINYINT NOT NULL, ps4 TINYINT NOT NULL,
    ps5 TINYINT NOT NULL, ps6 TINYINT NOT NULL, ps7 TINYINT NOT NULL,
    satisfaction              TINYINT       NOT NULL,
    workload                  TINYINT       NOT NULL,
    social_safety             NVARCHAR(20)  NOT NULL,
    social_safety_category    NVARCHAR(50)  NULL,
    aftercare                 TINYINT       NULL,
    comment                   NVARCHAR(2000) NULL
);
CREATE INDEX ix_pulse_responses_round ON pulse_responses (round_id);

CREATE TABLE round_results (
    round_id              INT       NOT NULL CONSTRAINT pk_round_results PRIMARY KEY CONSTRAINT fk_round_results_round REFERENCES checkup_rounds (id),
    respondents           INT       NOT NULL,
    ps_index              FLOAT     NULL,
    satisfaction_mean     FLOAT     NULL,
    workload_mean         FLOAT     NULL,
    aftercare_mean        FLOAT     NULL,
    experienced_share     FLOAT     NULL,
    witnessed_share       FLOAT     NULL,
    response_rate         FLOAT     NULL,
    computed_at           DATETIME2 NOT NULL
);

CREATE TABLE review_dimensions (
    round_id   INT            NOT NULL CONSTRAINT fk_review_dimensions_round REFERENCES checkup_rounds (id),
    dimension  NVARCHAR(30)   NOT NULL,
    score      INT            NULL,
    note       NVARCHAR(2000) NULL,
    CONSTRAINT pk_review_dimensions PRIMARY KEY (round_id, dimension)
);

CREATE TABLE bottlenecks (
    id           INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_bottlenecks PRIMARY KEY,
    round_id     INT            NOT NULL CONSTRAINT fk_bottlenecks_round REFERENCES checkup_rounds (id),
    category     NVARCHAR(30)   NOT NULL,
    description  NVARCHAR(2000) NOT NULL,
    severity     NVARCHAR(10)   NOT NULL
);
CREATE INDEX ix_bottlenecks_round ON bottlenecks (round_id);

CREATE TABLE agreements (
    id                INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_agreements PRIMARY KEY,
    team_id           INT            NOT NULL CONSTRAINT fk_agreements_team REFERENCES teams (id),
    origin_round_id   INT            NOT NULL CONSTRAINT fk_agreements_origin REFERENCES checkup_rounds (id),
    what              NVARCHAR(1000) NOT NULL,
    supporting_party  NVARCHAR(20)   NOT NULL,
    owner             NVARCHAR(200)  NOT NULL,
    due_date          DATE           NOT NULL,
    status            NVARCHAR(20)   NOT NULL,
    follow_up_note    NVARCHAR(2000) NULL,
    last_round_id     INT            NOT NULL CONSTRAINT fk_agreements_last_round REFERENCES checkup_rounds (id),
    updated_at        DATETIME2      NOT NULL
);
CREATE INDEX ix_agreements_team ON agreements (team_id, status);

CREATE TABLE notifications (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    user_id     INT          NOT NULL CONSTRAINT fk_notifications_user REFERENCES users (id),
    kind        NVARCHAR(30) NOT NULL,
    round_id    INT          NOT NULL CONSTRAINT fk_notifications_round REFERENCES checkup_rounds (id),
    created_at  DATETIME2    NOT NULL,
    read_at     DATETIME2    NULL
);
CREATE UNIQUE INDEX ux_notifications ON notifications (user_id, kind, round_id);


CREATE TABLE settings (
    name   NVARCHAR(100) NOT NULL CONSTRAINT pk_settings PRIMARY KEY,
    value  NVARCHAR(400) NOT NULL
);
INSERT INTO settings (name, value) VALUES ('anonymity.k', '5');
INSERT INTO settings (name, value) VALUES ('anonymity.kc', '10');
INSERT INTO settings (name, value) VALUES ('pulse.window_days', '14');
