-- 0008 form submissions (SQL Server): one row per form token that was sent, so the same rendered form sent twice
-- (double click, back button, retry) is handled once (src/TeamCheckup.Web/Infrastructure/Web/FormTokens.cs).
-- Only the token, its state and the day: no user and no time of day, because pulse answers and anonymous
-- reports are sent with a token too (SPEC §9). Same table and columns as db/sqlite/0008_form_submissions.sql.
CREATE TABLE form_submissions (
    token     NVARCHAR(64)  NOT NULL CONSTRAINT pk_form_submissions PRIMARY KEY,
    state     NVARCHAR(10)  NOT NULL,
    location  NVARCHAR(400) NULL,
    used_on   DATE          NOT NULL
);
CREATE INDEX ix_form_submissions_used_on ON form_submissions (used_on);
