-- 0075 the team lead at the table and support in the check-up (SQLite, issue 13 items 4 and 6).
-- The triage analysis records the day it was held, with whom (case members and the team's leads) and, when no team
-- lead was there, why not; the existing cases.analysis holds its conclusion. A team lead answers an action meant for
-- them (confirm or comment) with a case entry that points to that action. A team lead invites an HRM or VIK advisor
-- of the unit to a round (who took part is kept), and asks a discipline for support: an item in its queue with a
-- deadline by urgency until an advisor accepts it.
ALTER TABLE cases ADD COLUMN analysis_held_on TEXT NULL;
ALTER TABLE cases ADD COLUMN analysis_without_lead_reason TEXT NULL;
CREATE TABLE case_analysis_participants (
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    is_team_lead  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, user_id)
);
-- No foreign key: retention deletes a case's entries in one statement.
ALTER TABLE case_entries ADD COLUMN responds_to_entry_id INTEGER NULL;

CREATE TABLE support_requests (
    id                   INTEGER PRIMARY KEY,
    team_id              INTEGER NOT NULL REFERENCES teams (id),
    unit_id              INTEGER NOT NULL REFERENCES units (id),
    round_id             INTEGER NULL REFERENCES checkup_rounds (id),
    discipline           TEXT    NOT NULL,   -- HRM, VIK
    topic                TEXT    NOT NULL,
    urgency              TEXT    NOT NULL,   -- Urgent, Soon, Normal
    details              TEXT    NOT NULL,
    requested_by_user_id INTEGER NOT NULL REFERENCES users (id),
    requested_at         TEXT    NOT NULL,
    due_on               TEXT    NOT NULL,
    accepted_by_user_id  INTEGER NULL REFERENCES users (id),
    accepted_at          TEXT    NULL
);
CREATE INDEX ix_support_requests_queue ON support_requests (discipline, unit_id, accepted_at);

CREATE TABLE round_advisors (
    round_id             INTEGER NOT NULL REFERENCES checkup_rounds (id),
    user_id              INTEGER NOT NULL REFERENCES users (id),
    discipline           TEXT    NOT NULL,
    invited_by_user_id   INTEGER NOT NULL REFERENCES users (id),
    invited_at           TEXT    NOT NULL,
    support_request_id   INTEGER NULL REFERENCES support_requests (id),
    last_edited_at       TEXT    NULL,
    PRIMARY KEY (round_id, user_id)
);
CREATE INDEX ix_round_advisors_user ON round_advisors (user_id);
