-- 0009 participation codes beyond a team's headcount (SQLite). A round may have the team's headcount
-- plus a small reserve of codes (Features/Checkups/CodeBound.cs); more needs a reason. Each such issue
-- is a row here for the unit's HRM advisors (their home page now; the notification feature sends it
-- and sets notified_at later) besides its audit entry. The day only: nothing here is tied to answers.

CREATE TABLE code_excess_notices (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES checkup_rounds (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    headcount     INTEGER NOT NULL,
    code_limit    INTEGER NOT NULL,
    codes_before  INTEGER NOT NULL,
    codes_added   INTEGER NOT NULL,
    reason        TEXT    NOT NULL,
    issued_by     TEXT    NOT NULL,
    issued_on     TEXT    NOT NULL,
    notified_at   TEXT    NULL
);
CREATE INDEX ix_code_excess_notices_unit ON code_excess_notices (unit_id, issued_on);
CREATE INDEX ix_code_excess_notices_round ON code_excess_notices (round_id);
