-- TRUNCATE skips row triggers, so it emptied the trail unrefused; a statement trigger refuses it
-- like UPDATE and DELETE (the audit anchor, docs/adr/0020, shows it if the trigger is dropped).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
