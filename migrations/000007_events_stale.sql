-- Events whose aggregates (article_count, scores, top evidence, independent flags) are behind
-- their links. A classify batch marks the events it touched here, in its own transaction, and a
-- refresher recomputes them shortly after (src/db/sql/events-stale.ts): one recomputation for
-- many batches instead of one per batch. A mark outlives a crash, so no event stays stale.
create table events_stale (
  event_id  bigint primary key,
  marked_at timestamptz not null default now()
);
