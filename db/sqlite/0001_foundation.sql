-- 0001 foundation (SQLite): organisation, accounts, roles and scopes, sessions, audit trail,
-- data-protection keys. Same tables and columns as db/sqlserver/0001_foundation.sql.
-- Dates are ISO-8601 text in UTC; booleans are 0/1 integers.

CREATE TABLE units (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    deactivated_at  TEXT    NULL
);
CREATE UNIQUE INDEX ux_units_code ON units (code);

CREATE TABLE districts (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    name            TEXT    NOT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT    NOT NULL,
    deactivated_at  TEXT    NULL
);
CREATE INDEX ix_districts_unit ON districts (unit_id);
CREATE UNIQUE INDEX ux_districts_unit_name ON districts (unit_id, name);

CREATE TABLE teams (
    id                  INTEGER PRIMARY KEY,
    district_id         INTEGER NOT NULL REFERENCES districts (id),
    name                TEXT    NOT NULL,
    team_type           TEXT    NOT NULL,
    headcount           INTEGER NOT NULL,
    cadence_months      INTEGER NOT NULL DEFAULT 3,
    service_area        TEXT    NULL,
    is_active           INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT    NOT NULL,
    deactivated_at      TEXT    NULL
);
CREATE INDEX ix_teams_district ON teams (district_id);
CREATE UNIQUE INDEX ux_teams_district_name ON teams (district_id, name);

CREATE TABLE users (
    id                    INTEGER PRIMARY KEY,
    user_name             TEXT    NOT NULL,
    display_name          TEXT    NOT NULL,
    email                 TEXT    NULL,
    password_hash         TEXT    NULL,
    external_subject      TEXT    NULL,
    is_active             INTEGER NOT NULL DEFAULT 1,
    failed_sign_in_count  INTEGER NOT NULL DEFAULT 0,
    lockout_end           TEXT    NULL,
    created_at            TEXT    NOT NULL,
    last_sign_in_at       TEXT    NULL
);
CREATE UNIQUE INDEX ux_users_user_name ON users (user_name);
CREATE UNIQUE INDEX ux_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;

CREATE TABLE user_roles (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    role     TEXT    NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- scope_type is Unit, District or Team; scope_id points into the matching table.
CREATE TABLE user_scopes (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    scope_type  TEXT    NOT NULL,
    scope_id    INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_user_scopes ON user_scopes (user_id, scope_type, scope_id);

-- Server-side sessions: the cookie carries only the session id, so signing out (or an
-- administrator changing someone's roles) ends the session everywhere.
CREATE TABLE user_sessions (
    id            TEXT    NOT NULL PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT    NOT NULL,
    last_seen_at  TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

-- Append-only, hash-chained audit trail. sequence is assigned by the app (previous + 1) under the
-- write lock, so a deleted entry leaves a visible gap and a changed one breaks the chain.
CREATE TABLE audit_entries (
    sequence       INTEGER NOT NULL PRIMARY KEY,
    occurred_at    TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    subject        TEXT    NULL,
    details        TEXT    NULL,
    previous_hash  TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;

-- ASP.NET Core data-protection key ring (used on SQL Server so that app nodes share sign-ins;
-- the embedded default keeps its keys as files in the data folder).
CREATE TABLE data_protection_keys (
    id             INTEGER PRIMARY KEY,
    friendly_name  TEXT    NOT NULL,
    xml            TEXT    NOT NULL
);
