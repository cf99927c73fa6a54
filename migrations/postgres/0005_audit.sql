-- The audit trail (MLPS 8.1.4.3). Each record carries an HMAC over its content and the previous
-- record's HMAC, under a key outside the store, so an edited, removed or inserted row breaks the
-- chain. Ids are given by the program (last id + 1, under the chain lock, docs/adr/0014), not
-- by a sequence, so a rolled-back append leaves no gap that would read as a removed record.
CREATE TABLE audit_log (
    id           BIGINT PRIMARY KEY,
    at           BIGINT NOT NULL,
    account_id   BIGINT,
    account_name TEXT   NOT NULL DEFAULT '',
    role         TEXT   NOT NULL DEFAULT '',
    client_ip    TEXT   NOT NULL DEFAULT '',
    user_agent   TEXT   NOT NULL DEFAULT '',
    event        TEXT   NOT NULL,
    object_type  TEXT   NOT NULL DEFAULT '',
    object_id    TEXT   NOT NULL DEFAULT '',
    result       TEXT   NOT NULL CHECK (result IN ('success', 'failure', 'denied')),
    detail       TEXT   NOT NULL DEFAULT '',
    request_id   TEXT   NOT NULL DEFAULT '',
    prev_hash    TEXT   NOT NULL,
    hash         TEXT   NOT NULL
);
CREATE INDEX audit_by_time ON audit_log (at);
CREATE INDEX audit_by_account ON audit_log (lower(account_name), at);
CREATE INDEX audit_by_event ON audit_log (event, at);

-- No statement of the program updates or deletes a record; these refuse it from any other
-- client as well (an owner can still drop the trigger: the hash chain is what proves it).
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records cannot be changed or deleted';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
