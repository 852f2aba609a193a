-- 0010 single sign-on sessions (SQLite): an app session opened through the identity provider remembers
-- the provider's session id (sid), so a back-channel logout ends exactly that session, and when the
-- user must pass through the provider again so that roles and scopes removed there take effect.
ALTER TABLE user_sessions ADD COLUMN provider_session_id TEXT NULL;
ALTER TABLE user_sessions ADD COLUMN recheck_at TEXT NULL;
CREATE INDEX ix_user_sessions_provider_session ON user_sessions (provider_session_id);
