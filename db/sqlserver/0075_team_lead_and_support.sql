-- 0075 the team lead at the table and support in the check-up (SQL Server): same tables and columns as
-- db/sqlite/0075_team_lead_and_support.sql.
ALTER TABLE cases ADD analysis_held_on DATE NULL;
ALTER TABLE cases ADD analysis_without_lead_reason NVARCHAR(2000) NULL;
CREATE TABLE case_analysis_participants (
    case_id       INT NOT NULL CONSTRAINT fk_case_analysis_participants_case REFERENCES cases (id),
    user_id       INT NOT NULL CONSTRAINT fk_case_analysis_participants_user REFERENCES users (id),
    is_team_lead  BIT NOT NULL CONSTRAINT df_case_analysis_participants_lead DEFAULT 0,
    CONSTRAINT pk_case_analysis_participants PRIMARY KEY (case_id, user_id)
);
ALTER TABLE case_entries ADD responds_to_entry_id INT NULL;

CREATE TABLE support_requests (
    id                   INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_support_requests PRIMARY KEY,
    team_id              INT            NOT NULL CONSTRAINT fk_support_requests_team REFERENCES teams (id),
    unit_id              INT            NOT NULL CONSTRAINT fk_support_requests_unit REFERENCES units (id),
    round_id             INT            NULL CONSTRAINT fk_support_requests_round REFERENCES checkup_rounds (id),
    discipline           NVARCHAR(20)   NOT NULL,
    topic                NVARCHAR(40)   NOT NULL,
    urgency              NVARCHAR(10)   NOT NULL,
    details              NVARCHAR(2000) NOT NULL,
    requested_by_user_id INT            NOT NULL CONSTRAINT fk_support_requests_requester REFERENCES users (id),
    requested_at         DATETIME2      NOT NULL,
    due_on               DATE           NOT NULL,
    accepted_by_user_id  INT            NULL CONSTRAINT fk_support_requests_acceptor REFERENCES users (id),
    accepted_at          DATETIME2      NULL
);
CREATE INDEX ix_support_requests_queue ON support_requests (discipline, unit_id, accepted_at);

CREATE TABLE round_advisors (
    round_id             INT          NOT NULL CONSTRAINT fk_round_advisors_round REFERENCES checkup_rounds (id),
    user_id              INT          NOT NULL CONSTRAINT fk_round_advisors_user REFERENCES users (id),
    discipline           NVARCHAR(20) NOT NULL,
    invited_by_user_id   INT          NOT NULL CONSTRAINT fk_round_advisors_inviter REFERENCES users (id),
    invited_at           DATETIME2    NOT NULL,
    support_request_id   INT          NULL CONSTRAINT fk_round_advisors_request REFERENCES support_requests (id),
    last_edited_at       DATETIME2    NULL,
    CONSTRAINT pk_round_advisors PRIMARY KEY (round_id, user_id)
);
CREATE INDEX ix_round_advisors_user ON round_advisors (user_id);
