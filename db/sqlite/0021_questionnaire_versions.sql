-- 0021 questionnaire versions (SQLite): drafts and publication, the per-item results that let a trend across versions
-- compare only the items that are the same, and the database's guard that a version used by a round never changes.
-- Same tables and columns as db/sqlserver/0021_questionnaire_versions.sql.

-- effective_from: rounds whose pulse opens on or after this day take the version; NULL = a draft no round can take.
ALTER TABLE questionnaire_versions ADD COLUMN effective_from TEXT NULL;
ALTER TABLE questionnaire_versions ADD COLUMN published_at TEXT NULL;
ALTER TABLE questionnaire_versions ADD COLUMN published_by TEXT NULL;
ALTER TABLE questionnaire_versions ADD COLUMN created_by TEXT NULL;
ALTER TABLE questionnaire_versions ADD COLUMN based_on_version INTEGER NULL;
UPDATE questionnaire_versions SET effective_from = '2000-01-01', published_at = created_at, published_by = 'system' WHERE version = 1;

-- A version a round has taken is frozen: its definition, number and start date, and the mark that it is in use.
DROP TRIGGER questionnaire_versions_frozen;
CREATE TRIGGER questionnaire_versions_frozen BEFORE UPDATE OF definition, version, effective_from ON questionnaire_versions
WHEN OLD.first_used_at IS NOT NULL OR EXISTS (SELECT 1 FROM checkup_rounds WHERE questionnaire_version_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'questionnaire version in use cannot change');
END;

CREATE TRIGGER questionnaire_versions_stay_used BEFORE UPDATE OF first_used_at ON questionnaire_versions
WHEN OLD.first_used_at IS NOT NULL AND (NEW.first_used_at IS NULL OR NEW.first_used_at <> OLD.first_used_at)
BEGIN
    SELECT RAISE(ABORT, 'questionnaire version in use cannot change');
END;

CREATE TRIGGER questionnaire_versions_used_no_delete BEFORE DELETE ON questionnaire_versions
WHEN OLD.first_used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'questionnaire version in use cannot change');
END;

-- A round takes a published version only.
CREATE TRIGGER checkup_rounds_published_questionnaire_insert BEFORE INSERT ON checkup_rounds
WHEN NEW.questionnaire_version_id IS NOT NULL
 AND (SELECT effective_from FROM questionnaire_versions WHERE id = NEW.questionnaire_version_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a round takes a published questionnaire version only');
END;

CREATE TRIGGER checkup_rounds_published_questionnaire_update BEFORE UPDATE OF questionnaire_version_id ON checkup_rounds
WHEN NEW.questionnaire_version_id IS NOT NULL
 AND (SELECT effective_from FROM questionnaire_versions WHERE id = NEW.questionnaire_version_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'a round takes a published questionnaire version only');
END;

-- Per-item results of a round, written with round_results when the pulse closes: the mean score of each
-- psychological-safety statement after reverse coding, on the statement's own scale. Raw figures, shown only through
-- the anonymity guard; kept when the raw answers are purged (retention), so trends across versions stay possible.
CREATE TABLE round_item_results (
    round_id     INTEGER NOT NULL REFERENCES checkup_rounds (id),
    item_key     TEXT    NOT NULL,
    respondents  INTEGER NOT NULL,
    mean_score   REAL    NULL,
    PRIMARY KEY (round_id, item_key)
);

-- Rounds closed before this migration all used version 1: items 1, 3 and 5 reverse-coded on the 1-7 scale.
INSERT INTO round_item_results (round_id, item_key, respondents, mean_score)
SELECT round_id, 'ps1', COUNT(*), AVG(8.0 - ps1) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps2', COUNT(*), AVG(ps2 * 1.0) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps3', COUNT(*), AVG(8.0 - ps3) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps4', COUNT(*), AVG(ps4 * 1.0) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps5', COUNT(*), AVG(8.0 - ps5) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps6', COUNT(*), AVG(ps6 * 1.0) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps7', COUNT(*), AVG(ps7 * 1.0) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id;
