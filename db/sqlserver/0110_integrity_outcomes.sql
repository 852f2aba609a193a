-- 0110 integrity outcomes (SQL Server): same columns as db/sqlite/0110_integrity_outcomes.sql.
ALTER TABLE cases ADD integrity_outcome NVARCHAR(32) NULL;
ALTER TABLE cases ADD integrity_measure NVARCHAR(32) NULL;
ALTER TABLE cases ADD integrity_decided_on DATE NULL;
ALTER TABLE cases ADD review_asked_on DATE NULL;
ALTER TABLE cases ADD review_result NVARCHAR(32) NULL;
ALTER TABLE cases ADD review_result_on DATE NULL;
CREATE INDEX ix_cases_integrity_year ON cases (lead_discipline, closed_at);
