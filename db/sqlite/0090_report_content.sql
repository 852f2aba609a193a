-- 0090 report content and the chief's overview (SQLite, issue 14). Same as db/sqlserver/0090_report_content.sql.

-- The latest round with results of each team, and the one before it: written in the same transaction as a round's
-- results (Features/Checkups/ClosePulse.cs, PulseClosing.ComputeResultsAsync), so the chief's unit overview and its
-- attention list read 300 rows instead of grouping every round of the unit on each request.
CREATE TABLE team_latest_results (
    team_id            INTEGER NOT NULL PRIMARY KEY REFERENCES teams (id),
    round_id           INTEGER NOT NULL REFERENCES checkup_rounds (id),
    previous_round_id  INTEGER NULL REFERENCES checkup_rounds (id)
);

INSERT INTO team_latest_results (team_id, round_id, previous_round_id)
SELECT team_id, MAX(CASE WHEN rn = 1 THEN id END), MAX(CASE WHEN rn = 2 THEN id END)
FROM (SELECT r.team_id, r.id, ROW_NUMBER() OVER (PARTITION BY r.team_id ORDER BY r.period_start DESC, r.id DESC) AS rn
      FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id) ranked
WHERE rn <= 2 GROUP BY team_id;

-- How many respondents gave each answer, per question of a round, written with round_results when the pulse closes:
-- the reports' stacked distributions and the social-safety answers by category. Counts only, never shown below k
-- (Features/Privacy); they outlive the raw answers when retention purges those (SPEC §9 P6).
-- item_key: ps1 … ps7, satisfaction, workload, aftercare (answer = the value), social_safety (No / Witnessed /
-- Experienced), experienced_category and witnessed_category (answer = the category).
CREATE TABLE round_answer_counts (
    round_id     INTEGER NOT NULL REFERENCES checkup_rounds (id),
    item_key     TEXT    NOT NULL,
    answer       TEXT    NOT NULL,
    respondents  INTEGER NOT NULL,
    PRIMARY KEY (round_id, item_key, answer)
);

INSERT INTO round_answer_counts (round_id, item_key, answer, respondents)
SELECT round_id, 'ps1', CAST(ps1 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps1
UNION ALL SELECT round_id, 'ps2', CAST(ps2 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps2
UNION ALL SELECT round_id, 'ps3', CAST(ps3 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps3
UNION ALL SELECT round_id, 'ps4', CAST(ps4 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps4
UNION ALL SELECT round_id, 'ps5', CAST(ps5 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps5
UNION ALL SELECT round_id, 'ps6', CAST(ps6 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps6
UNION ALL SELECT round_id, 'ps7', CAST(ps7 AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, ps7
UNION ALL SELECT round_id, 'satisfaction', CAST(satisfaction AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, satisfaction
UNION ALL SELECT round_id, 'workload', CAST(workload AS TEXT), COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, workload
UNION ALL SELECT round_id, 'aftercare', CAST(aftercare AS TEXT), COUNT(*) FROM pulse_responses WHERE aftercare IS NOT NULL AND round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, aftercare
UNION ALL SELECT round_id, 'social_safety', social_safety, COUNT(*) FROM pulse_responses WHERE round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, social_safety
UNION ALL SELECT round_id, 'experienced_category', social_safety_category, COUNT(*) FROM pulse_responses WHERE social_safety = 'Experienced' AND social_safety_category IS NOT NULL AND round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, social_safety_category
UNION ALL SELECT round_id, 'witnessed_category', social_safety_category, COUNT(*) FROM pulse_responses WHERE social_safety = 'Witnessed' AND social_safety_category IS NOT NULL AND round_id IN (SELECT round_id FROM round_results) GROUP BY round_id, social_safety_category;
