-- Signals from the staff networks and the internal advisory group "Politie voor iedereen" to leadership (issue 17 item 1).
-- A network is data the Administrator keeps; its representatives (role Network) hold it as a scope row of type
-- 'Network'. A signal is about a theme and a unit (unit_id NULL = the whole organisation), never about a person; it goes
-- to the chiefs of the unit, or to the chiefs holding the organisation-wide scope ('Organisation', scope_id 0).
CREATE TABLE networks (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    is_active   INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_networks_name ON networks (name);

CREATE TABLE network_signals (
    id               INTEGER PRIMARY KEY,
    network_id       INTEGER NOT NULL REFERENCES networks (id),
    kind             TEXT    NOT NULL,
    theme            TEXT    NOT NULL,
    unit_id          INTEGER NULL REFERENCES units (id),
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    filed_by         INTEGER NOT NULL REFERENCES users (id),
    filed_at         TEXT    NOT NULL,
    filed_on         TEXT    NOT NULL,
    acknowledge_by   TEXT    NOT NULL,
    answer_by        TEXT    NOT NULL,
    acknowledged_at  TEXT    NULL,
    acknowledged_on  TEXT    NULL,
    acknowledged_by  INTEGER NULL REFERENCES users (id),
    answered_at      TEXT    NULL,
    answered_on      TEXT    NULL,
    answered_by      INTEGER NULL REFERENCES users (id)
);
CREATE INDEX ix_network_signals_unit ON network_signals (unit_id, filed_on);
CREATE INDEX ix_network_signals_network ON network_signals (network_id, filed_on);

-- The small thread of a signal: leadership's acknowledgement and answers, the network's follow-up questions.
CREATE TABLE network_signal_entries (
    id            INTEGER PRIMARY KEY,
    signal_id     INTEGER NOT NULL REFERENCES network_signals (id),
    kind          TEXT    NOT NULL,
    from_network  INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    author_id     INTEGER NOT NULL REFERENCES users (id),
    created_at    TEXT    NOT NULL
);
CREATE INDEX ix_network_signal_entries_signal ON network_signal_entries (signal_id, id);
