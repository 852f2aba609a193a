-- 0005 competent teams (SQLite): competency catalogue, the mix per round, measures, service-area
-- profiles and the team's composition as aggregate counts only (SPEC §8; GDPR art. 9: never per person).

CREATE TABLE competencies (
    id           INTEGER PRIMARY KEY,
    name_nl      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL,
    description  TEXT    NULL,
    is_active    INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    retired_at   TEXT    NULL
);
CREATE UNIQUE INDEX ux_competencies_name_nl ON competencies (name_nl);

-- Desired and actual number of people with a competency, as the team lead records it in a round's review.
CREATE TABLE round_competencies (
    round_id       INTEGER NOT NULL REFERENCES checkup_rounds (id),
    competency_id  INTEGER NOT NULL REFERENCES competencies (id),
    desired        INTEGER NOT NULL,
    actual         INTEGER NOT NULL,
    PRIMARY KEY (round_id, competency_id)
);

CREATE TABLE competency_measures (
    id             INTEGER PRIMARY KEY,
    team_id        INTEGER NOT NULL REFERENCES teams (id),
    round_id       INTEGER NOT NULL REFERENCES checkup_rounds (id),
    competency_id  INTEGER NULL REFERENCES competencies (id),
    what           TEXT    NOT NULL,
    owner          TEXT    NOT NULL,
    due_date       TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX ix_competency_measures_team ON competency_measures (team_id, status);

-- Population of a team's service area by category, from public statistics.
CREATE TABLE service_area_profiles (
    team_id     INTEGER NOT NULL PRIMARY KEY REFERENCES teams (id),
    source      TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL
);

CREATE TABLE service_area_shares (
    team_id        INTEGER NOT NULL REFERENCES teams (id),
    category       TEXT    NOT NULL,
    share_percent  REAL    NOT NULL,
    PRIMARY KEY (team_id, category)
);

-- The team's current composition: counts per category, entered by HRM. No person is ever named.
CREATE TABLE team_composition (
    team_id     INTEGER NOT NULL REFERENCES teams (id),
    category    TEXT    NOT NULL,
    head_count  INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (team_id, category)
);

INSERT INTO competencies (name_nl, name_en, description, is_active, created_at) VALUES
 ('Talenkennis', 'Language skills', 'Beheersing van talen die in het verzorgingsgebied veel gesproken worden.', 1, '2026-01-01 00:00:00'),
 ('Interculturele vaardigheid', 'Intercultural skill', 'Effectief werken met mensen met uiteenlopende achtergronden.', 1, '2026-01-01 00:00:00'),
 ('Netwerken in de wijk', 'Community networks', 'Contacten met sleutelfiguren en organisaties in het gebied.', 1, '2026-01-01 00:00:00'),
 ('Digitale vaardigheid', 'Digital skill', 'Digitale opsporing, open bronnen en online aanwezigheid.', 1, '2026-01-01 00:00:00'),
 ('Specialistische expertise', 'Specialist expertise', 'Bijvoorbeeld zeden, jeugd, ondermijning of verkeer.', 1, '2026-01-01 00:00:00');
