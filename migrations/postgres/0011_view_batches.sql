-- Batches of page views written from Redis (docs/adr/0016): each batch's id is recorded in the
-- transaction that adds its counts, so a batch taken again after its writer died (before or
-- after COMMIT) is counted exactly once; two nodes writing the same batch at once meet on the
-- primary key. Ids older than the flusher can retry are pruned.
CREATE TABLE view_batches (
    id         TEXT        PRIMARY KEY,
    written_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX view_batches_written_at ON view_batches (written_at);
