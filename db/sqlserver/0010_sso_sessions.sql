-- 0010 single sign-on sessions (SQL Server): an app session opened through the identity provider remembers
-- the provider's session id (sid), so a back-channel logout ends exactly that session, and when the
-- user must pass through the provider again so that roles and scopes removed there take effect.
ALTER TABLE user_sessions ADD provider_session_id NVARCHAR(200) NULL, recheck_at DATETIME2 NULL;
GO
CREATE INDEX ix_user_sessions_provider_session ON user_sessions (provider_session_id);
