-- Back-end accounts. Names are ASCII and unique regardless of case (MLPS 8.1.4.1 a). A password
-- is kept only as an Argon2id hash; the TOTP seed only sealed under a key outside the store.
CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role                 TEXT    NOT NULL DEFAULT ''
                         CHECK (role IN ('', 'system_admin', 'security_admin', 'audit_admin',
                                         'editor', 'reviewer', 'lead_handler')),
    status               TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash        TEXT    NOT NULL,
    password_changed_at  INTEGER NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    totp_nonce           BLOB,
    totp_sealed          BLOB,
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    failed_count         INTEGER NOT NULL DEFAULT 0,
    failed_since         INTEGER NOT NULL DEFAULT 0,
    locked_until         INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    last_login_at        INTEGER
);

-- The last passwords of each account, so a change cannot go back to a recent one.
CREATE TABLE password_history (
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    changed_at    INTEGER NOT NULL
);
CREATE INDEX password_history_by_account ON password_history (account_id, changed_at);

-- One-time recovery codes for a lost authenticator, stored hashed; a used code is deleted.
CREATE TABLE recovery_codes (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    PRIMARY KEY (account_id, code_hash)
);

-- Server-side sessions, so any node can check them and sign-out ends them everywhere. Only a
-- hash of the cookie value is stored: a copy of the store gives no usable session.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    stage        TEXT    NOT NULL CHECK (stage IN ('second_factor', 'enroll', 'password', 'full')),
    csrf_token   TEXT    NOT NULL,
    pending_nonce BLOB,
    pending_seed BLOB,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    client_ip    TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_account ON sessions (account_id);
