-- 0060 the communications step of a case (SQL Server): same table and columns as db/sqlite/0060_case_communications.sql.
CREATE TABLE case_communications (
    case_id            INT            NOT NULL CONSTRAINT pk_case_communications PRIMARY KEY
                                      CONSTRAINT fk_case_communications_case REFERENCES cases (id),
    decision           NVARCHAR(10)   NOT NULL,
    rationale          NVARCHAR(4000) NOT NULL,
    audience           NVARCHAR(400)  NULL,
    message            NVARCHAR(4000) NULL,
    spokesperson       NVARCHAR(200)  NULL,
    holding_statement  NVARCHAR(4000) NULL,
    planned_on         DATE           NULL,
    owner_user_id      INT            NULL CONSTRAINT fk_case_communications_owner REFERENCES users (id),
    decided_by_user_id INT            NULL CONSTRAINT fk_case_communications_decider REFERENCES users (id),
    decided_at         DATETIME2      NOT NULL,
    follow_up          NVARCHAR(4000) NULL,
    follow_up_at       DATETIME2      NULL
);
