-- 0006 lookup indexes (SQL Server), found with the police-scale benchmarks (docs/PERFORMANCE.md): without them the
-- team dashboard scanned every case and every scope row on each request, and grew with the history.

-- A team's cases (dashboard, team report): the unique open-case index covers open cases only.
CREATE INDEX ix_cases_team ON cases (team_id, opened_at);

-- Who holds a given scope (the team's leads on its page, the advisors of a unit).
CREATE INDEX ix_user_scopes_scope ON user_scopes (scope_type, scope_id);
