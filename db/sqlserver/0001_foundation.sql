-- 0001 foundation (SQL Server): organisation, accounts, roles and scopes, sessions, audit trail,
-- data-protection keys. Same tables and columns as db/sqlite/0001_foundation.sql.

CREATE TABLE units (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_units PRIMARY KEY,
    code            NVARCHAR(20)  NOT NULL,
    name            NVARCHAR(200) NOT NULL,
    is_active       BIT           NOT NULL CONSTRAINT df_units_active DEFAULT 1,
    created_at      DATETIME2     NOT NULL,
    deactivated_at  DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_units_code ON units (code);

CREATE TABLE districts (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_districts PRIMARY KEY,
    unit_id         INT           NOT NULL CONSTRAINT fk_districts_unit REFERENCES units (id),
    name            NVARCHAR(200) NOT NULL,
    is_active       BIT           NOT NULL CONSTRAINT df_districts_active DEFAULT 1,
    created_at      DATETIME2     NOT NULL,
    deactivated_at  DATETIME2     NULL
);
CREATE INDEX ix_districts_unit ON districts (unit_id);
CREATE UNIQUE INDEX ux_districts_unit_name ON districts (unit_id, name);

CREATE TABLE teams (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_teams PRIMARY KEY,
    district_id     INT           NOT NULL CONSTRAINT fk_teams_district REFERENCES districts (id),
    name            NVARCHAR(200) NOT NULL,
    team_type       NVARCHAR(50)  NOT NULL,
    headcount       INT           NOT NULL,
    cadence_months  INT           NOT NULL CONSTRAINT df_teams_cadence DEFAULT 3,
    service_area    NVARCHAR(500) NULL,
    is_active       BIT           NOT NULL CONSTRAINT df_teams_active DEFAULT 1,
    created_at      DATETIME2     NOT NULL,
    deactivated_at  DATETIME2     NULL
);
CREATE INDEX ix_teams_district ON teams (district_id);
CREATE UNIQUE INDEX ux_teams_district_name ON teams (district_id, name);

CREATE TABLE users (
    id                    INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name             NVARCHAR(100) NOT NULL,
    display_name          NVARCHAR(200) NOT NULL,
    email                 NVARCHAR(256) NULL,
    password_hash         NVARCHAR(500) NULL,
    external_subject      NVARCHAR(200) NULL,
    is_active             BIT           NOT NULL CONSTRAINT df_users_active DEFAULT 1,
    failed_sign_in_count  INT           NOT NULL CONSTRAINT df_users_failed DEFAULT 0,
    lockout_end           DATETIME2     NULL,
    created_at            DATETIME2     NOT NULL,
    last_sign_in_at       DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_users_user_name ON users (user_name);
CREATE UNIQUE INDEX ux_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;

CREATE TABLE user_roles (
    user_id  INT          NOT NULL CONSTRAINT fk_user_roles_user REFERENCES users (id),
    role     NVARCHAR(50) NOT NULL,
    CONSTRAINT pk_user_roles PRIMARY KEY (user_id, role)
);

CREATE TABLE user_scopes (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_user_scopes PRIMARY KEY,
    user_id     INT          NOT NULL CONSTRAINT fk_user_scopes_user REFERENCES users (id),
    scope_type  NVARCHAR(20) NOT NULL,
    scope_id    INT          NOT NULL
);
CREATE UNIQUE INDEX ux_user_scopes ON user_scopes (user_id, scope_type, scope_id);

CREATE TABLE user_sessions (
    id            NVARCHAR(64) NOT NULL CONSTRAINT pk_user_sessions PRIMARY KEY,
    user_id       INT          NOT NULL CONSTRAINT fk_user_sessions_user REFERENCES users (id),
    created_at    DATETIME2    NOT NULL,
    last_seen_at  DATETIME2    NOT NULL,
    expires_at    DATETIME2    NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

CREATE TABLE audit_entries (
    sequence       BIGINT        NOT NULL CONSTRAINT pk_audit_entries PRIMARY KEY,
    occurred_at    DATETIME2     NOT NULL,
    actor          NVARCHAR(200) NOT NULL,
    action         NVARCHAR(100) NOT NULL,
    subject        NVARCHAR(400) NULL,
    details        NVARCHAR(MAX) NULL,
    previous_hash  CHAR(64)      NOT NULL,
    hash           CHAR(64)      NOT NULL
);
GO

CREATE TRIGGER audit_entries_append_only ON audit_entries
INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 50001, 'audit_entries is append-only', 1;
END;
GO

CREATE TABLE data_protection_keys (
    id             INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_data_protection_keys PRIMARY KEY,
    friendly_name  NVARCHAR(200) NOT NULL,
    xml            NVARCHAR(MAX) NOT NULL
);
