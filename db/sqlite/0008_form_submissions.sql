-- 0008 form submissions (SQLite): one row per form token that was sent, so the same rendered form sent twice
-- (double click, back button, retry) is handled once (src/TeamCheckup.Web/Infrastructure/Web/FormTokens.cs).
-- Only the token, its state and the day: no user and no time of day, because pulse answers and anonymous
-- reports are sent with a token too (SPEC §9). WITHOUT ROWID: rows are kept in token order (random), not in
-- the order they were sent.
CREATE TABLE form_submissions (
    token     TEXT NOT NULL PRIMARY KEY,
    state     TEXT NOT NULL,   -- 'pending' while the request runs, 'done' when it succeeded
    location  TEXT NULL,       -- where the first submission redirected to: a repeat is sent there too
    used_on   TEXT NOT NULL    -- the day, for forgetting old tokens
) WITHOUT ROWID;
CREATE INDEX ix_form_submissions_used_on ON form_submissions (used_on);
