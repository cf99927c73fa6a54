-- The persistent queue of lead notifications: one row per lead, written in the same transaction
-- as the lead, so a notification survives a restart and a receiver that is down.
CREATE TABLE lead_notifications (
    lead_id         INTEGER PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,            -- NULL once delivered or given up
    delivered_at    INTEGER,
    last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX lead_notifications_due ON lead_notifications (next_attempt_at);
