-- case_unread (0035) had no foreign keys: a mark could outlive its case or user. Rebuilt with them (SQLite cannot add
-- a constraint to a table); marks that point at nothing are dropped on the way.
CREATE TABLE case_unread_keyed (
    user_id  INTEGER NOT NULL REFERENCES users (id),
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (user_id, case_id)
);
INSERT INTO case_unread_keyed (user_id, case_id)
SELECT user_id, case_id FROM case_unread
WHERE case_id IN (SELECT id FROM cases) AND user_id IN (SELECT id FROM users);
DROP TABLE case_unread;
ALTER TABLE case_unread_keyed RENAME TO case_unread;
CREATE INDEX ix_case_unread_case ON case_unread (case_id);
