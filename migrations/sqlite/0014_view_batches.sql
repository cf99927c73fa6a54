-- Batches of page views written from Redis (docs/adr/0016): each batch's id is recorded in the
-- transaction that adds its counts, so a batch taken again after its writer died (before or
-- after COMMIT) is counted exactly once. Ids older than the flusher can retry are pruned.
CREATE TABLE view_batches (
    id         TEXT    PRIMARY KEY,
    written_at INTEGER NOT NULL  -- unix seconds
) WITHOUT ROWID;
CREATE INDEX view_batches_written_at ON view_batches (written_at);
