-- Events whose aggregates (article_count, scores, top evidence, independent flags) are behind
-- their links or their articles' syndication. Classify batches mark the events they touch here,
-- in the transaction that touches them, and a refresher recomputes them shortly after
-- (src/db/sql/events-stale.ts): one recomputation for many batches instead of one per batch. A
-- mark outlives a crash, so no event stays stale. Every mark gets a new `seq`: the refresher
-- removes a mark only if its seq is still the one it read, so a mark renewed by a transaction
-- the refresher could not see survives it.
create sequence events_stale_seq;
create table events_stale (
  event_id  bigint primary key,
  seq       bigint not null default nextval('events_stale_seq'),
  marked_at timestamptz not null default now()
);
