-- 0085 forms kept for their user (SQLite): the review's automatic draft (kind 'draft', one per user and form page)
-- and a form that arrived after its session had ended (kind 'expired'), offered again after signing in. The payload
-- is the form's fields, encrypted with the app's data protection; a row lives at most a day (the session cleanup
-- removes older ones).
CREATE TABLE kept_forms (
    id         TEXT    NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,   -- draft, expired
    form_path  TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    kept_at    TEXT    NOT NULL
);
CREATE INDEX ix_kept_forms_user ON kept_forms (user_id, kind, form_path);
