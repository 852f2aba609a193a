-- 0035 signals and homes (SQLite, issue 12): the overdue check-up rule, per-user unread marks on cases, and the
-- indexes that keep the advisors' home counts and the queue's filters cheap. Same as db/sqlserver/0035_signals_home.sql.

-- A round not completed this many days after its period started raises an overdue check-up signal; the case it
-- opens is led by this discipline (HRM or VIK) with this priority (Normal or High).
INSERT INTO settings (name, value) VALUES ('rule.overdue.days', '30');
INSERT INTO settings (name, value) VALUES ('rule.overdue.discipline', 'HRM');
INSERT INTO settings (name, value) VALUES ('rule.overdue.priority', 'Normal');

-- A reporter's new message marks the case unread for each of its VIK members until one of them opens it. No time
-- is kept (it would say when the reporter wrote, SPEC §9 P7). No foreign keys: a mark on a case the retention purge
-- removes means nothing and is never shown (only open cases are counted).
CREATE TABLE case_unread (
    user_id  INTEGER NOT NULL,
    case_id  INTEGER NOT NULL,
    PRIMARY KEY (user_id, case_id)
);
CREATE INDEX ix_case_unread_case ON case_unread (case_id);

-- The home counts and the queue: open cases by deadline; a round's signals by source (the overdue sweep).
CREATE INDEX ix_cases_open_due ON cases (closed_at, triage_due_on);
CREATE INDEX ix_signals_report ON signals (report_id);
