-- Competencies in context (issue 17 item 5): what a generic competency means for a team depends on its area and its
-- kind of work. HRM writes a description per competency for an area type or a team type; the team lead's inventory
-- shows the one that fits.
ALTER TABLE teams ADD area_type NVARCHAR(20) NULL;

CREATE TABLE competency_contexts (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_competency_contexts PRIMARY KEY,
    competency_id   INT            NOT NULL CONSTRAINT fk_competency_contexts_competency REFERENCES competencies (id),
    context_kind    NVARCHAR(20)   NOT NULL,
    context_value   NVARCHAR(40)   NOT NULL,
    description_nl  NVARCHAR(1000) NOT NULL,
    description_en  NVARCHAR(1000) NOT NULL,
    updated_by      INT            NOT NULL CONSTRAINT fk_competency_contexts_user REFERENCES users (id),
    updated_at      DATETIME2      NOT NULL
);
CREATE UNIQUE INDEX ux_competency_contexts ON competency_contexts (competency_id, context_kind, context_value);
