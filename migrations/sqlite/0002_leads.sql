-- Call-back leads. The phone number is stored only sealed (libsodium secretbox, key outside the
-- store) plus a keyed hash for limits and duplicates and a masked form for display.
CREATE TABLE leads (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    phone_nonce     BLOB    NOT NULL,
    phone_sealed    BLOB    NOT NULL,
    phone_hash      TEXT    NOT NULL,
    phone_masked    TEXT    NOT NULL,
    phone_kind      TEXT    NOT NULL CHECK (phone_kind IN ('mobile', 'landline', 'service')),
    name            TEXT    NOT NULL DEFAULT '',
    preferred_time  TEXT    NOT NULL DEFAULT '',
    landing_page    TEXT    NOT NULL DEFAULT '',
    article_id      INTEGER,
    referrer        TEXT    NOT NULL DEFAULT '',
    utm_source      TEXT    NOT NULL DEFAULT '',
    utm_medium      TEXT    NOT NULL DEFAULT '',
    utm_campaign    TEXT    NOT NULL DEFAULT '',
    utm_term        TEXT    NOT NULL DEFAULT '',
    utm_content     TEXT    NOT NULL DEFAULT '',
    consent_version TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'new'
                    CHECK (status IN ('new', 'contacted', 'closed', 'spam')),
    closed_at       INTEGER
);
CREATE INDEX leads_by_phone ON leads (phone_hash, created_at);
CREATE INDEX leads_by_time ON leads (created_at);
