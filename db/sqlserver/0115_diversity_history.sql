-- 0115 diversity history (SQL Server), gender and leaders (issue 17, item 4). Same as db/sqlite/0115_diversity_history.sql.
-- Service-area profiles and team compositions were overwritten on each change; from now on every change is a new
-- version with the date it holds from (valid_from, the organisation's today from the one Clock) and who made it, so the
-- reports can show realisation per quarter. The current values are the latest version (greatest valid_from, then id):
-- the old table names stay as views over the latest version, so every reader of the current figures reads the same.

-- A service-area profile (public statistics, by the Administrator): one row per change.
CREATE TABLE service_area_profile_versions (
    id          INT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    team_id     INT NOT NULL REFERENCES teams (id),
    valid_from  DATE          NOT NULL,
    source      NVARCHAR(300) NOT NULL,
    year        INT NOT NULL,
    changed_at  DATETIME2     NOT NULL,
    changed_by  NVARCHAR(100) NOT NULL
);
CREATE INDEX ix_service_area_profile_versions_team ON service_area_profile_versions (team_id, valid_from);

-- Population shares per dimension: origin (Netherlands, Europe, OutsideEurope) and gender (Woman, Man, OtherOrUnknown).
CREATE TABLE service_area_profile_shares (
    version_id     INT NOT NULL REFERENCES service_area_profile_versions (id),
    dimension      NVARCHAR(20) NOT NULL,
    category       NVARCHAR(30) NOT NULL,
    share_percent  FLOAT    NOT NULL,
    PRIMARY KEY (version_id, dimension, category)
);

-- A composition of a group (team = all members, leaders = the team's leaders) by HRM: counts only, never a person.
CREATE TABLE composition_versions (
    id          INT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    team_id     INT NOT NULL REFERENCES teams (id),
    group_kind  NVARCHAR(20)  NOT NULL,
    group_size  INT NOT NULL,
    valid_from  DATE          NOT NULL,
    changed_at  DATETIME2     NOT NULL,
    changed_by  NVARCHAR(100) NOT NULL
);
CREATE INDEX ix_composition_versions_team ON composition_versions (team_id, group_kind, valid_from);

CREATE TABLE composition_counts (
    version_id  INT NOT NULL REFERENCES composition_versions (id),
    dimension   NVARCHAR(20) NOT NULL,
    category    NVARCHAR(30) NOT NULL,
    head_count  INT NOT NULL,
    PRIMARY KEY (version_id, dimension, category)
);

-- The unit's target for its leaders (HRM of the unit): target shares per dimension, one row per change.
CREATE TABLE unit_leader_target_versions (
    id          INT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    unit_id     INT NOT NULL REFERENCES units (id),
    valid_from  DATE          NOT NULL,
    changed_at  DATETIME2     NOT NULL,
    changed_by  NVARCHAR(100) NOT NULL
);
CREATE INDEX ix_unit_leader_target_versions_unit ON unit_leader_target_versions (unit_id, valid_from);

CREATE TABLE unit_leader_target_shares (
    version_id     INT NOT NULL REFERENCES unit_leader_target_versions (id),
    dimension      NVARCHAR(20) NOT NULL,
    category       NVARCHAR(30) NOT NULL,
    share_percent  FLOAT    NOT NULL,
    PRIMARY KEY (version_id, dimension, category)
);

-- The current values move into the history with the date of their last change.
INSERT INTO service_area_profile_versions (team_id, valid_from, source, year, changed_at, changed_by)
SELECT team_id, CAST(updated_at AS DATE), source, year, updated_at, updated_by FROM service_area_profiles;

INSERT INTO service_area_profile_shares (version_id, dimension, category, share_percent)
SELECT v.id, 'origin', s.category, s.share_percent FROM service_area_shares s JOIN service_area_profile_versions v ON v.team_id = s.team_id;

INSERT INTO composition_versions (team_id, group_kind, group_size, valid_from, changed_at, changed_by)
SELECT c.team_id, 'team', t.headcount, CAST(MAX(c.updated_at) AS DATE), MAX(c.updated_at), 'migratie 0115'
FROM team_composition c JOIN teams t ON t.id = c.team_id GROUP BY c.team_id, t.headcount;

INSERT INTO composition_counts (version_id, dimension, category, head_count)
SELECT v.id, 'origin', c.category, c.head_count FROM team_composition c JOIN composition_versions v ON v.team_id = c.team_id;

DROP TABLE service_area_shares;
DROP TABLE service_area_profiles;
DROP TABLE team_composition;
GO

-- The current values, under their old names: the latest version of each team.
CREATE VIEW service_area_profiles AS
SELECT v.team_id, v.source, v.year, v.changed_at AS updated_at, v.changed_by AS updated_by
FROM service_area_profile_versions v
WHERE NOT EXISTS (SELECT 1 FROM service_area_profile_versions n WHERE n.team_id = v.team_id
                  AND (n.valid_from > v.valid_from OR (n.valid_from = v.valid_from AND n.id > v.id)));
GO

CREATE VIEW service_area_shares AS
SELECT v.team_id, s.category, s.share_percent
FROM service_area_profile_versions v JOIN service_area_profile_shares s ON s.version_id = v.id AND s.dimension = 'origin'
WHERE NOT EXISTS (SELECT 1 FROM service_area_profile_versions n WHERE n.team_id = v.team_id
                  AND (n.valid_from > v.valid_from OR (n.valid_from = v.valid_from AND n.id > v.id)));
GO

CREATE VIEW team_composition AS
SELECT v.team_id, c.category, c.head_count, v.changed_at AS updated_at
FROM composition_versions v JOIN composition_counts c ON c.version_id = v.id AND c.dimension = 'origin'
WHERE v.group_kind = 'team' AND NOT EXISTS (SELECT 1 FROM composition_versions n WHERE n.team_id = v.team_id AND n.group_kind = v.group_kind
                  AND (n.valid_from > v.valid_from OR (n.valid_from = v.valid_from AND n.id > v.id)));
