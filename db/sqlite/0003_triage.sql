-- 0003 triage (SQLite): incidents, anonymous reports and their messages, cases with their expert
-- team and entries, and the signal outbox that feeds the triage engine.

CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    team_id        INTEGER NOT NULL REFERENCES teams (id),
    incident_date  TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    registered_by  INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT    NOT NULL
);
CREATE INDEX ix_incidents_team ON incidents (team_id);

-- Anonymous reports: no identity, IP, user agent or time finer than the day. The case key is
-- looked up by its first part (lookup_id) and verified against a slow salted hash of the whole key.
CREATE TABLE anonymous_reports (
    id               INTEGER PRIMARY KEY,
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    team_id          INTEGER NULL REFERENCES teams (id),
    category         TEXT    NOT NULL,
    lookup_id        TEXT    NOT NULL,
    key_hash         TEXT    NOT NULL,
    key_salt         TEXT    NOT NULL,
    received_on      TEXT    NOT NULL,
    acknowledged_at  TEXT    NULL,
    feedback_at      TEXT    NULL
);
CREATE UNIQUE INDEX ux_anonymous_reports_lookup ON anonymous_reports (lookup_id);

-- Messages of a report. Reporter messages carry the day only; internal notes are never shown to the reporter.
CREATE TABLE report_messages (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES anonymous_reports (id),
    from_reporter   INTEGER NOT NULL,
    is_internal     INTEGER NOT NULL DEFAULT 0,
    is_feedback     INTEGER NOT NULL DEFAULT 0,
    body            TEXT    NOT NULL,
    author_user_id  INTEGER NULL REFERENCES users (id),
    created_on      TEXT    NOT NULL,
    created_at      TEXT    NULL
);
CREATE INDEX ix_report_messages_report ON report_messages (report_id);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    team_id            INTEGER NULL REFERENCES teams (id),
    status             TEXT    NOT NULL,
    priority           TEXT    NOT NULL,
    lead_discipline    TEXT    NOT NULL,
    opened_at          TEXT    NOT NULL,
    triage_due_on      TEXT    NOT NULL,
    analysis           TEXT    NULL,
    analysis_at        TEXT    NULL,
    outcome            TEXT    NULL,
    outcome_rationale  TEXT    NULL,
    closed_at          TEXT    NULL,
    updated_at         TEXT    NOT NULL
);
-- One open case per team (and per unit for reports without a team): the database enforces it.
CREATE UNIQUE INDEX ux_cases_open_team ON cases (team_id) WHERE closed_at IS NULL AND team_id IS NOT NULL;
CREATE UNIQUE INDEX ux_cases_open_unit ON cases (unit_id) WHERE closed_at IS NULL AND team_id IS NULL;
CREATE INDEX ix_cases_queue ON cases (unit_id, lead_discipline, closed_at);

-- The expert team: HRM, VIK and Communications by a fair rule, others added by hand.
CREATE TABLE case_members (
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    role        TEXT    NOT NULL,
    added_at    TEXT    NOT NULL,
    removed_at  TEXT    NULL,
    PRIMARY KEY (case_id, user_id, role)
);
CREATE INDEX ix_case_members_user ON case_members (user_id, removed_at);

-- Analysis, actions, agreements, monitoring notes and status changes, in order.
CREATE TABLE case_entries (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    kind                TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    involves_team_lead  INTEGER NOT NULL DEFAULT 0,
    author_user_id      INTEGER NULL REFERENCES users (id),
    created_at          TEXT    NOT NULL
);
CREATE INDEX ix_case_entries_case ON case_entries (case_id);

-- Outbox for the triage engine: written in the same transaction as its cause, processed by a job
-- right away and by a sweep every minute. outcome records the rules and rule values applied.
CREATE TABLE signals (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    team_id       INTEGER NULL REFERENCES teams (id),
    source        TEXT    NOT NULL,
    round_id      INTEGER NULL REFERENCES checkup_rounds (id),
    incident_id   INTEGER NULL REFERENCES incidents (id),
    report_id     INTEGER NULL REFERENCES anonymous_reports (id),
    payload       TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    processed_at  TEXT    NULL,
    case_id       INTEGER NULL REFERENCES cases (id),
    outcome       TEXT    NULL
);
CREATE INDEX ix_signals_unprocessed ON signals (processed_at);
CREATE INDEX ix_signals_case ON signals (case_id);
CREATE UNIQUE INDEX ux_signals_round_source ON signals (round_id, source) WHERE round_id IS NOT NULL;

-- Triage rule thresholds (SPEC §6), editable by the Administrator.
INSERT INTO settings (name, value) VALUES ('rule.low_satisfaction.mean', '6.0');
INSERT INTO settings (name, value) VALUES ('rule.low_satisfaction.ps_index', '60');
INSERT INTO settings (name, value) VALUES ('rule.drop.satisfaction', '1.0');
INSERT INTO settings (name, value) VALUES ('rule.drop.ps_index', '10');
INSERT INTO settings (name, value) VALUES ('rule.unacceptable.share', '0.20');
