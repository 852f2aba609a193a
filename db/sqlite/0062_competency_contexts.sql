-- Competencies in context (issue 17 item 5): what a generic competency means for a team depends on its area and its
-- kind of work ("social skill" in the Schilderswijk is not "social skill" in rural Overijssel). HRM writes a
-- description per competency for an area type or a team type; the team lead's inventory shows the one that fits.
ALTER TABLE teams ADD COLUMN area_type TEXT NULL;

CREATE TABLE competency_contexts (
    id              INTEGER PRIMARY KEY,
    competency_id   INTEGER NOT NULL REFERENCES competencies (id),
    context_kind    TEXT    NOT NULL,
    context_value   TEXT    NOT NULL,
    description_nl  TEXT    NOT NULL,
    description_en  TEXT    NOT NULL,
    updated_by      INTEGER NOT NULL REFERENCES users (id),
    updated_at      TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_competency_contexts ON competency_contexts (competency_id, context_kind, context_value);
