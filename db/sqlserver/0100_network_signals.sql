-- Signals from the staff networks and the internal advisory group "Politie voor iedereen" to leadership (issue 17 item 1).
-- A network is data the Administrator keeps; its representatives (role Network) hold it as a scope row of type
-- 'Network'. A signal is about a theme and a unit (unit_id NULL = the whole organisation), never about a person; it goes
-- to the chiefs of the unit, or to the chiefs holding the organisation-wide scope ('Organisation', scope_id 0).
CREATE TABLE networks (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_networks PRIMARY KEY,
    name        NVARCHAR(200) NOT NULL,
    kind        NVARCHAR(20)  NOT NULL,
    is_active   BIT           NOT NULL CONSTRAINT df_networks_active DEFAULT 1,
    created_at  DATETIME2     NOT NULL
);
CREATE UNIQUE INDEX ux_networks_name ON networks (name);

CREATE TABLE network_signals (
    id               INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_network_signals PRIMARY KEY,
    network_id       INT            NOT NULL CONSTRAINT fk_network_signals_network REFERENCES networks (id),
    kind             NVARCHAR(20)   NOT NULL,
    theme            NVARCHAR(30)   NOT NULL,
    unit_id          INT            NULL CONSTRAINT fk_network_signals_unit REFERENCES units (id),
    title            NVARCHAR(200)  NOT NULL,
    body             NVARCHAR(4000) NOT NULL,
    filed_by         INT            NOT NULL CONSTRAINT fk_network_signals_filer REFERENCES users (id),
    filed_at         DATETIME2      NOT NULL,
    filed_on         DATE           NOT NULL,
    acknowledge_by   DATE           NOT NULL,
    answer_by        DATE           NOT NULL,
    acknowledged_at  DATETIME2      NULL,
    acknowledged_on  DATE           NULL,
    acknowledged_by  INT            NULL CONSTRAINT fk_network_signals_acknowledger REFERENCES users (id),
    answered_at      DATETIME2      NULL,
    answered_on      DATE           NULL,
    answered_by      INT            NULL CONSTRAINT fk_network_signals_answerer REFERENCES users (id)
);
CREATE INDEX ix_network_signals_unit ON network_signals (unit_id, filed_on);
CREATE INDEX ix_network_signals_network ON network_signals (network_id, filed_on);

-- The small thread of a signal: leadership's acknowledgement and answers, the network's follow-up questions.
CREATE TABLE network_signal_entries (
    id            INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_network_signal_entries PRIMARY KEY,
    signal_id     INT            NOT NULL CONSTRAINT fk_network_signal_entries_signal REFERENCES network_signals (id),
    kind          NVARCHAR(20)   NOT NULL,
    from_network  BIT            NOT NULL,
    body          NVARCHAR(4000) NOT NULL,
    author_id     INT            NOT NULL CONSTRAINT fk_network_signal_entries_author REFERENCES users (id),
    created_at    DATETIME2      NOT NULL
);
CREATE INDEX ix_network_signal_entries_signal ON network_signal_entries (signal_id, id);
