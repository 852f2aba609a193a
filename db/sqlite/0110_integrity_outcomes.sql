-- 0110 integrity outcomes (SQLite, issue 17 item 3: transparency of the internal sanction system).
-- A case that VIK leads is closed with its integrity outcome: NoBreach, Breach (with the heaviest measure taken:
-- Conversation, Warning, Disciplinary, Dismissal, Prosecution), NotEstablished or Withdrawn, and the day of the
-- decision. An independent review asked of the decision is kept with the day it was asked and, once known, its
-- result (Upheld, Amended, Overturned) and the day of that result. Cases closed before this migration keep NULL:
-- their outcome is unknown and the annual integrity report counts them as such. Categorical values only, no text:
-- retention's anonymisation of closed cases leaves them, as it leaves the figures the reports count.
ALTER TABLE cases ADD COLUMN integrity_outcome TEXT NULL;
ALTER TABLE cases ADD COLUMN integrity_measure TEXT NULL;
ALTER TABLE cases ADD COLUMN integrity_decided_on TEXT NULL;
ALTER TABLE cases ADD COLUMN review_asked_on TEXT NULL;
ALTER TABLE cases ADD COLUMN review_result TEXT NULL;
ALTER TABLE cases ADD COLUMN review_result_on TEXT NULL;
CREATE INDEX ix_cases_integrity_year ON cases (lead_discipline, closed_at);
