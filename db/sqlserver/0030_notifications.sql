-- 0030 notifications (SQL Server): the in-app inbox, the e-mail outbox and each user's choices.
-- Same tables and columns as db/sqlite/0030_notifications.sql.

CREATE TABLE user_notifications (
    id           INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_user_notifications PRIMARY KEY,
    user_id      INT           NOT NULL CONSTRAINT fk_user_notifications_user REFERENCES users (id),
    event_key    NVARCHAR(120) NOT NULL,
    kind         NVARCHAR(40)  NOT NULL,
    team_id      INT           NULL CONSTRAINT fk_user_notifications_team REFERENCES teams (id),
    subject_id   INT           NULL,
    link_path    NVARCHAR(300) NOT NULL,
    arguments    NVARCHAR(1000) NOT NULL,
    is_critical  BIT           NOT NULL CONSTRAINT df_user_notifications_critical DEFAULT 0,
    created_at   DATETIME2     NOT NULL,
    read_at      DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_user_notifications_event ON user_notifications (user_id, event_key);
CREATE INDEX ix_user_notifications_unread ON user_notifications (user_id, read_at);

CREATE TABLE notification_outbox (
    id               INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_notification_outbox PRIMARY KEY,
    notification_id  INT           NOT NULL CONSTRAINT fk_notification_outbox_notification REFERENCES user_notifications (id),
    user_id          INT           NOT NULL CONSTRAINT fk_notification_outbox_user REFERENCES users (id),
    delivery         NVARCHAR(20)  NOT NULL,
    created_at       DATETIME2     NOT NULL,
    due_at           DATETIME2     NOT NULL,
    attempts         INT           NOT NULL CONSTRAINT df_notification_outbox_attempts DEFAULT 0,
    claim_token      NVARCHAR(40)  NULL,
    claimed_until    DATETIME2     NULL,
    sent_at          DATETIME2     NULL,
    failed_at        DATETIME2     NULL,
    last_error       NVARCHAR(500) NULL
);
CREATE UNIQUE INDEX ux_notification_outbox_notification ON notification_outbox (notification_id);
CREATE INDEX ix_notification_outbox_pending ON notification_outbox (sent_at, delivery, due_at);
CREATE INDEX ix_notification_outbox_claim ON notification_outbox (claim_token);

CREATE TABLE notification_preferences (
    user_id   INT          NOT NULL CONSTRAINT fk_notification_preferences_user REFERENCES users (id),
    kind      NVARCHAR(40) NOT NULL,
    delivery  NVARCHAR(20) NOT NULL,
    CONSTRAINT pk_notification_preferences PRIMARY KEY (user_id, kind)
);

CREATE TABLE notification_recipients (
    user_id   INT          NOT NULL CONSTRAINT pk_notification_recipients PRIMARY KEY CONSTRAINT fk_notification_recipients_user REFERENCES users (id),
    language  NVARCHAR(10) NOT NULL
);

INSERT INTO user_notifications (user_id, event_key, kind, team_id, subject_id, link_path, arguments, is_critical, created_at, read_at)
SELECT n.user_id,
       CASE n.kind WHEN 'RoundDue' THEN 'round-due:' ELSE 'round-overdue:' END + CAST(n.round_id AS NVARCHAR(20)),
       n.kind, r.team_id, n.round_id, '/rounds/' + CAST(n.round_id AS NVARCHAR(20)), '[]', 0, n.created_at, n.read_at
FROM notifications n JOIN checkup_rounds r ON r.id = n.round_id;

DROP TABLE notifications;
