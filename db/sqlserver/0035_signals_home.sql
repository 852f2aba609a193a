-- 0035 signals and homes (SQL Server, issue 12): the overdue check-up rule, per-user unread marks on cases, and the
-- indexes that keep the advisors' home counts and the queue's filters cheap. Same as db/sqlite/0035_signals_home.sql.

INSERT INTO settings (name, value) VALUES ('rule.overdue.days', '30');
INSERT INTO settings (name, value) VALUES ('rule.overdue.discipline', 'HRM');
INSERT INTO settings (name, value) VALUES ('rule.overdue.priority', 'Normal');

-- No time is kept (SPEC §9 P7); no foreign keys (see the SQLite script).
CREATE TABLE case_unread (
    user_id  INT NOT NULL,
    case_id  INT NOT NULL,
    CONSTRAINT pk_case_unread PRIMARY KEY (user_id, case_id)
);
CREATE INDEX ix_case_unread_case ON case_unread (case_id);

CREATE INDEX ix_cases_open_due ON cases (closed_at, triage_due_on);
CREATE INDEX ix_signals_report ON signals (report_id);
