-- case_unread (0035) had no foreign keys: a mark could outlive its case or user. Marks that point at nothing go first.
DELETE FROM case_unread WHERE case_id NOT IN (SELECT id FROM cases) OR user_id NOT IN (SELECT id FROM users);
ALTER TABLE case_unread ADD CONSTRAINT fk_case_unread_user FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE case_unread ADD CONSTRAINT fk_case_unread_case FOREIGN KEY (case_id) REFERENCES cases (id);
