-- 0002 check-up cycle (SQLite): questionnaire versions, rounds, participation codes, anonymous
-- pulse responses, round results, review, agreements, and notifications. (The triage signal outbox is in 0003.)

CREATE TABLE questionnaire_versions (
    id             INTEGER PRIMARY KEY,
    version        INTEGER NOT NULL,
    definition     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    first_used_at  TEXT    NULL
);
CREATE UNIQUE INDEX ux_questionnaire_versions_version ON questionnaire_versions (version);

-- A version in use never changes: its definition is frozen once a pulse has used it.
CREATE TRIGGER questionnaire_versions_frozen BEFORE UPDATE OF definition, version ON questionnaire_versions
WHEN OLD.first_used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'questionnaire version in use cannot change');
END;

CREATE TABLE checkup_rounds (
    id                        INTEGER PRIMARY KEY,
    team_id                   INTEGER NOT NULL REFERENCES teams (id),
    period_start              TEXT    NOT NULL,
    period_end                TEXT    NOT NULL,
    cadence_months            INTEGER NOT NULL,
    created_at                TEXT    NOT NULL,
    questionnaire_version_id  INTEGER NULL REFERENCES questionnaire_versions (id),
    k_threshold               INTEGER NULL,
    kc_threshold              INTEGER NULL,
    pulse_opened_at           TEXT    NULL,
    pulse_closes_on           TEXT    NULL,
    pulse_closed_at           TEXT    NULL,
    codes_issued              INTEGER NOT NULL DEFAULT 0,
    response_count            INTEGER NOT NULL DEFAULT 0,
    headcount_at_open         INTEGER NULL,
    tension_flag              INTEGER NOT NULL DEFAULT 0,
    tension_description       TEXT    NULL,
    review_updated_at         TEXT    NULL,
    completed_at              TEXT    NULL,
    completed_by              TEXT    NULL
);
-- The scheduler's idempotency rests on this key, not on a check before the insert.
CREATE UNIQUE INDEX ux_checkup_rounds_team_period ON checkup_rounds (team_id, period_start);
CREATE INDEX ix_checkup_rounds_open ON checkup_rounds (completed_at, period_start);

-- Single-use codes: only a hash is kept, and a used code keeps no trace of when or for what.
CREATE TABLE participation_codes (
    code_hash  TEXT    NOT NULL PRIMARY KEY,
    round_id   INTEGER NOT NULL REFERENCES checkup_rounds (id),
    is_used    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX ix_participation_codes_round ON participation_codes (round_id);

-- Anonymous answers. No user, no code, no IP, no time finer than the day; the key is random and
-- the table has no rowid, so neither a key nor the storage order tells which code was used.
CREATE TABLE pulse_responses (
    id                        TEXT    NOT NULL PRIMARY KEY,
    round_id                  INTEGER NOT NULL REFERENCES checkup_rounds (id),
    questionnaire_version_id  INTEGER NOT NULL REFERENCES questionnaire_versions (id),
    response_date             TEXT    NOT NULL,
    ps1 INTEGER NOT NULL, ps2 INTEGER NOT NULL, ps3 INTEGER NOT NULL, ps4 INTEGER NOT NULL,
    ps5 INTEGER NOT NULL, ps6 INTEGER NOT NULL, ps7 INTEGER NOT NULL,
    satisfaction              INTEGER NOT NULL,
    workload                  INTEGER NOT NULL,
    social_safety             TEXT    NOT NULL,
    social_safety_category    TEXT    NULL,
    aftercare                 INTEGER NULL,
    comment                   TEXT    NULL
) WITHOUT ROWID;
CREATE INDEX ix_pulse_responses_round ON pulse_responses (round_id);

-- Pre-aggregated results per round, written when the pulse closes. Raw figures: every display goes
-- through the anonymity guard (Features/Checkups/Anonymity.cs), which applies the round's k.
CREATE TABLE round_results (
    round_id              INTEGER NOT NULL PRIMARY KEY REFERENCES checkup_rounds (id),
    respondents           INTEGER NOT NULL,
    ps_index              REAL    NULL,
    satisfaction_mean     REAL    NULL,
    workload_mean         REAL    NULL,
    aftercare_mean        REAL    NULL,
    experienced_share     REAL    NULL,
    witnessed_share       REAL    NULL,
    response_rate         REAL    NULL,
    computed_at           TEXT    NOT NULL
);

CREATE TABLE review_dimensions (
    round_id   INTEGER NOT NULL REFERENCES checkup_rounds (id),
    dimension  TEXT    NOT NULL,
    score      INTEGER NULL,
    note       TEXT    NULL,
    PRIMARY KEY (round_id, dimension)
);

CREATE TABLE bottlenecks (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES checkup_rounds (id),
    category     TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    severity     TEXT    NOT NULL
);
CREATE INDEX ix_bottlenecks_round ON bottlenecks (round_id);

-- Support agreements belong to the team and live on across rounds until done or cancelled.
CREATE TABLE agreements (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES teams (id),
    origin_round_id   INTEGER NOT NULL REFERENCES checkup_rounds (id),
    what              TEXT    NOT NULL,
    supporting_party  TEXT    NOT NULL,
    owner             TEXT    NOT NULL,
    due_date          TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    follow_up_note    TEXT    NULL,
    last_round_id     INTEGER NOT NULL REFERENCES checkup_rounds (id),
    updated_at        TEXT    NOT NULL
);
CREATE INDEX ix_agreements_team ON agreements (team_id, status);

-- In-app reminders; the unique key makes the reminder job safe to run twice.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL,
    round_id    INTEGER NOT NULL REFERENCES checkup_rounds (id),
    created_at  TEXT    NOT NULL,
    read_at     TEXT    NULL
);
CREATE UNIQUE INDEX ux_notifications ON notifications (user_id, kind, round_id);


-- Anonymity thresholds (SPEC §9 P2): the defaults copied into a round when its pulse opens.
CREATE TABLE settings (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO settings (name, value) VALUES ('anonymity.k', '5');
INSERT INTO settings (name, value) VALUES ('anonymity.kc', '10');
INSERT INTO settings (name, value) VALUES ('pulse.window_days', '14');
