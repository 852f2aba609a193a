-- The advisor's home counts and the queue find "the cases I sit on" from case_members by user: with the case id in the
-- index the lookup never reads the table (an HRM advisor sits on hundreds of closed cases over the years).
-- Replaces ix_case_members_user (user_id, removed_at), of which it is an extension.
CREATE INDEX ix_case_members_user_case ON case_members (user_id, removed_at, case_id);
DROP INDEX ix_case_members_user;
