-- 0070 case work as an expert team does it (issue 13 items 1-3, SQLite).
-- One case per anonymous report: a report without a team no longer joins the unit's one open team-less case.
DROP INDEX ux_cases_open_unit;
-- Linking and splitting: a case may point to the case that handles it; a case split off keeps where it came from,
-- and is not the team's "one open case" (new signals of the team still join the team's own case).
ALTER TABLE cases ADD COLUMN linked_to_case_id INTEGER NULL REFERENCES cases (id);
ALTER TABLE cases ADD COLUMN split_from_case_id INTEGER NULL REFERENCES cases (id);
DROP INDEX ux_cases_open_team;
CREATE UNIQUE INDEX ux_cases_open_team ON cases (team_id) WHERE closed_at IS NULL AND team_id IS NOT NULL AND split_from_case_id IS NULL;
CREATE INDEX ix_cases_linked ON cases (linked_to_case_id);
-- Entries the lead discipline shares with the case's experts (Expert role): only these are theirs to read.
ALTER TABLE case_entries ADD COLUMN shared_with_experts INTEGER NOT NULL DEFAULT 0;
-- A person's title (bedrijfsarts, vertrouwenspersoon …), shown with their name on a case.
ALTER TABLE users ADD COLUMN title TEXT NULL;
-- The lead discipline follows the signals: when work has started, the current lead is asked to hand over.
CREATE TABLE case_handovers (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    from_discipline    TEXT    NOT NULL,
    to_discipline      TEXT    NOT NULL,
    signal_id          INTEGER NULL,   -- the signal that asked for the other discipline (no key: retention may purge it)
    requested_at       TEXT    NOT NULL,
    decided_at         TEXT    NULL,
    decided_by_user_id INTEGER NULL REFERENCES users (id),
    accepted           INTEGER NULL,
    reason             TEXT    NULL
);
CREATE INDEX ix_case_handovers_case ON case_handovers (case_id, decided_at);
