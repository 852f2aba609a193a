-- 0085 forms kept for their user (SQL Server): same table and columns as db/sqlite/0085_kept_forms.sql.
CREATE TABLE kept_forms (
    id         NVARCHAR(64)  NOT NULL CONSTRAINT pk_kept_forms PRIMARY KEY,
    user_id    INT           NOT NULL,
    kind       NVARCHAR(16)  NOT NULL,
    form_path  NVARCHAR(400) NOT NULL,
    payload    NVARCHAR(MAX) NOT NULL,
    kept_at    DATETIME2     NOT NULL
);
CREATE INDEX ix_kept_forms_user ON kept_forms (user_id, kind, form_path);
