-- 0060 the communications step of a case (SQLite). Before a case moves to Action its experts decide whether and how
-- to communicate: none, internal, external or both, with a rationale; for internal or external a plan (audience,
-- message, spokesperson, holding statement for the press, date) owned by the Communications advisor, and later
-- its follow-up. One row per case; retention clears its texts with the case's.
CREATE TABLE case_communications (
    case_id            INTEGER NOT NULL PRIMARY KEY REFERENCES cases (id),
    decision           TEXT    NOT NULL,   -- None, Internal, External, Both
    rationale          TEXT    NOT NULL,
    audience           TEXT    NULL,
    message            TEXT    NULL,
    spokesperson       TEXT    NULL,
    holding_statement  TEXT    NULL,
    planned_on         TEXT    NULL,
    owner_user_id      INTEGER NULL REFERENCES users (id),
    decided_by_user_id INTEGER NULL REFERENCES users (id),
    decided_at         TEXT    NOT NULL,
    follow_up          TEXT    NULL,
    follow_up_at       TEXT    NULL
);
