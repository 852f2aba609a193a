-- 0030 notifications (SQLite): the in-app inbox, the e-mail outbox and each user's choices.
-- Replaces the round reminders' table of 0002 (its rows are carried over as inbox items).

-- One row per recipient and event: event_key names the event (e.g. 'round-overdue:12'), so an
-- event is stored once however often a job sees it. arguments holds the text's non-confidential
-- parts (team name, a date, days late) as a JSON array; never case, report or pulse content.
CREATE TABLE user_notifications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    event_key    TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    team_id      INTEGER NULL REFERENCES teams (id),
    subject_id   INTEGER NULL,
    link_path    TEXT    NOT NULL,
    arguments    TEXT    NOT NULL,
    is_critical  INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    read_at      TEXT    NULL
);
CREATE UNIQUE INDEX ux_user_notifications_event ON user_notifications (user_id, event_key);
CREATE INDEX ix_user_notifications_unread ON user_notifications (user_id, read_at);

-- E-mail outbox: written in the same transaction as the inbox item. A sender claims rows
-- (claim_token, claimed_until) before sending, marks each sent_at right after the server took it,
-- and on failure sets the next attempt (due_at) further away each time.
CREATE TABLE notification_outbox (
    id               INTEGER PRIMARY KEY,
    notification_id  INTEGER NOT NULL REFERENCES user_notifications (id),
    user_id          INTEGER NOT NULL REFERENCES users (id),
    delivery         TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    due_at           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    claim_token      TEXT    NULL,
    claimed_until    TEXT    NULL,
    sent_at          TEXT    NULL,
    failed_at        TEXT    NULL,
    last_error       TEXT    NULL
);
CREATE UNIQUE INDEX ux_notification_outbox_notification ON notification_outbox (notification_id);
CREATE INDEX ix_notification_outbox_pending ON notification_outbox (sent_at, delivery, due_at);
CREATE INDEX ix_notification_outbox_claim ON notification_outbox (claim_token);

-- Per user and event kind: Immediate, Digest or InApp (no row = the kind's default).
CREATE TABLE notification_preferences (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT    NOT NULL,
    delivery  TEXT    NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- The language of a user's e-mails (no row = Dutch).
CREATE TABLE notification_recipients (
    user_id   INTEGER NOT NULL PRIMARY KEY REFERENCES users (id),
    language  TEXT    NOT NULL
);

INSERT INTO user_notifications (user_id, event_key, kind, team_id, subject_id, link_path, arguments, is_critical, created_at, read_at)
SELECT n.user_id,
       CASE n.kind WHEN 'RoundDue' THEN 'round-due:' ELSE 'round-overdue:' END || n.round_id,
       n.kind, r.team_id, n.round_id, '/rounds/' || n.round_id, '[]', 0, n.created_at, n.read_at
FROM notifications n JOIN checkup_rounds r ON r.id = n.round_id;

DROP TABLE notifications;
