-- The audit trail (MLPS 8.1.4.3). Each record carries an HMAC over its content and the previous
-- record's HMAC, under a key outside the store, so an edited, removed or inserted row breaks the
-- chain. No statement of the program updates or deletes a record, and the triggers refuse it
-- from any other client that opens the file.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    account_id   INTEGER,
    account_name TEXT    NOT NULL DEFAULT '',
    role         TEXT    NOT NULL DEFAULT '',
    client_ip    TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT '',
    event        TEXT    NOT NULL,
    object_type  TEXT    NOT NULL DEFAULT '',
    object_id    TEXT    NOT NULL DEFAULT '',
    result       TEXT    NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
    detail       TEXT    NOT NULL DEFAULT '',
    request_id   TEXT    NOT NULL DEFAULT '',
    prev_hash    TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_account ON audit_log (account_name, at);
CREATE INDEX audit_by_event ON audit_log (event, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records cannot be deleted');
END;
