-- 0021 questionnaire versions (SQL Server): same tables and columns as db/sqlite/0021_questionnaire_versions.sql.

ALTER TABLE questionnaire_versions ADD
    effective_from    DATE          NULL,
    published_at      DATETIME2     NULL,
    published_by      NVARCHAR(100) NULL,
    created_by        NVARCHAR(100) NULL,
    based_on_version  INT           NULL;
GO

UPDATE questionnaire_versions SET effective_from = '2000-01-01', published_at = created_at, published_by = 'system' WHERE version = 1;
GO

DROP TRIGGER questionnaire_versions_frozen;
GO

CREATE TRIGGER questionnaire_versions_frozen ON questionnaire_versions
AFTER UPDATE, DELETE
AS
BEGIN
    IF EXISTS (SELECT 1 FROM deleted d LEFT JOIN inserted i ON i.id = d.id
               WHERE (d.first_used_at IS NOT NULL OR EXISTS (SELECT 1 FROM checkup_rounds r WHERE r.questionnaire_version_id = d.id))
                 AND (i.id IS NULL OR i.definition <> d.definition OR i.version <> d.version
                      OR ISNULL(i.effective_from, '0001-01-01') <> ISNULL(d.effective_from, '0001-01-01')
                      OR i.first_used_at IS NULL OR i.first_used_at <> d.first_used_at))
        THROW 50002, 'questionnaire version in use cannot change', 1;
END;
GO

CREATE TRIGGER checkup_rounds_published_questionnaire ON checkup_rounds
AFTER INSERT, UPDATE
AS
BEGIN
    IF EXISTS (SELECT 1 FROM inserted i JOIN questionnaire_versions q ON q.id = i.questionnaire_version_id WHERE q.effective_from IS NULL)
        THROW 50004, 'a round takes a published questionnaire version only', 1;
END;
GO

CREATE TABLE round_item_results (
    round_id     INT          NOT NULL CONSTRAINT fk_round_item_results_round REFERENCES checkup_rounds (id),
    item_key     NVARCHAR(40) NOT NULL,
    respondents  INT          NOT NULL,
    mean_score   FLOAT        NULL,
    CONSTRAINT pk_round_item_results PRIMARY KEY (round_id, item_key)
);
GO

INSERT INTO round_item_results (round_id, item_key, respondents, mean_score)
SELECT round_id, 'ps1', COUNT(*), AVG(8.0 - ps1) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps2', COUNT(*), AVG(CAST(ps2 AS FLOAT)) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps3', COUNT(*), AVG(8.0 - ps3) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps4', COUNT(*), AVG(CAST(ps4 AS FLOAT)) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps5', COUNT(*), AVG(8.0 - ps5) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps6', COUNT(*), AVG(CAST(ps6 AS FLOAT)) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id
UNION ALL SELECT round_id, 'ps7', COUNT(*), AVG(CAST(ps7 AS FLOAT)) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id;
