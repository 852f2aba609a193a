-- 0005 competent teams (SQL Server): same tables and columns as db/sqlite/0005_competencies.sql.

CREATE TABLE competencies (
    id           INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_competencies PRIMARY KEY,
    name_nl      NVARCHAR(200)  NOT NULL,
    name_en      NVARCHAR(200)  NOT NULL,
    description  NVARCHAR(1000) NULL,
    is_active    BIT            NOT NULL CONSTRAINT df_competencies_active DEFAULT 1,
    created_at   DATETIME2      NOT NULL,
    retired_at   DATETIME2      NULL
);
CREATE UNIQUE INDEX ux_competencies_name_nl ON competencies (name_nl);

CREATE TABLE round_competencies (
    round_id       INT NOT NULL CONSTRAINT fk_round_competencies_round REFERENCES checkup_rounds (id),
    competency_id  INT NOT NULL CONSTRAINT fk_round_competencies_competency REFERENCES competencies (id),
    desired        INT NOT NULL,
    actual         INT NOT NULL,
    CONSTRAINT pk_round_competencies PRIMARY KEY (round_id, competency_id)
);

CREATE TABLE competency_measures (
    id             INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_competency_measures PRIMARY KEY,
    team_id        INT            NOT NULL CONSTRAINT fk_competency_measures_team REFERENCES teams (id),
    round_id       INT            NOT NULL CONSTRAINT fk_competency_measures_round REFERENCES checkup_rounds (id),
    competency_id  INT            NULL CONSTRAINT fk_competency_measures_competency REFERENCES competencies (id),
    what           NVARCHAR(1000) NOT NULL,
    owner          NVARCHAR(200)  NOT NULL,
    due_date       DATE           NOT NULL,
    status         NVARCHAR(20)   NOT NULL,
    updated_at     DATETIME2      NOT NULL
);
CREATE INDEX ix_competency_measures_team ON competency_measures (team_id, status);

CREATE TABLE service_area_profiles (
    team_id     INT           NOT NULL CONSTRAINT pk_service_area_profiles PRIMARY KEY CONSTRAINT fk_service_area_profiles_team REFERENCES teams (id),
    source      NVARCHAR(300) NOT NULL,
    year        INT           NOT NULL,
    updated_at  DATETIME2     NOT NULL,
    updated_by  NVARCHAR(100) NOT NULL
);

CREATE TABLE service_area_shares (
    team_id        INT          NOT NULL CONSTRAINT fk_service_area_shares_team REFERENCES teams (id),
    category       NVARCHAR(30) NOT NULL,
    share_percent  FLOAT        NOT NULL,
    CONSTRAINT pk_service_area_shares PRIMARY KEY (team_id, category)
);

CREATE TABLE team_composition (
    team_id     INT          NOT NULL CONSTRAINT fk_team_composition_team REFERENCES teams (id),
    category    NVARCHAR(30) NOT NULL,
    head_count  INT          NOT NULL,
    updated_at  DATETIME2    NOT NULL,
    CONSTRAINT pk_team_composition PRIMARY KEY (team_id, category)
);

INSERT INTO competencies (name_nl, name_en, description, is_active, created_at) VALUES
 (N'Talenkennis', N'Language skills', N'Beheersing van talen die in het verzorgingsgebied veel gesproken worden.', 1, '2026-01-01T00:00:00'),
 (N'Interculturele vaardigheid', N'Intercultural skill', N'Effectief werken met mensen met uiteenlopende achtergronden.', 1, '2026-01-01T00:00:00'),
 (N'Netwerken in de wijk', N'Community networks', N'Contacten met sleutelfiguren en organisaties in het gebied.', 1, '2026-01-01T00:00:00'),
 (N'Digitale vaardigheid', N'Digital skill', N'Digitale opsporing, open bronnen en online aanwezigheid.', 1, '2026-01-01T00:00:00'),
 (N'Specialistische expertise', N'Specialist expertise', N'Bijvoorbeeld zeden, jeugd, ondermijning of verkeer.', 1, '2026-01-01T00:00:00');
