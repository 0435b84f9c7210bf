-- Near-duplicate lookup and resumable reclassification runs.

-- SimHash bands: two copies of a story (Hamming distance <= 3 of 64 bits) agree on at least one
-- of the four 16-bit bands, so candidates come from four index probes, never a scan. The time
-- column keeps the probe inside the dedup window. Params of the lookup: see src/db/sql/articles-dedup.ts.
create index articles_simhash_b0_idx on articles (((simhash >> 48) & 65535), (coalesce(published_at, fetched_at))) where simhash is not null;
create index articles_simhash_b1_idx on articles (((simhash >> 32) & 65535), (coalesce(published_at, fetched_at))) where simhash is not null;
create index articles_simhash_b2_idx on articles (((simhash >> 16) & 65535), (coalesce(published_at, fetched_at))) where simhash is not null;
create index articles_simhash_b3_idx on articles ((simhash & 65535), (coalesce(published_at, fetched_at))) where simhash is not null;
-- Copies of an original (re-pointing when an earlier original turns up).
create index articles_duplicate_of_idx on articles (duplicate_of) where duplicate_of is not null;
-- Events of one (company, model) near a time: the window rule's lookup.
create index launch_events_key_idx on launch_events (company, model, last_seen_at);

-- One reclassify run: what it snapshotted, how far it enqueued, when it finished.
create table reclassify_runs (
  id                 bigserial primary key,
  since              timestamptz,
  total              integer not null default 0,
  last_article_id    bigint not null default 0,
  enqueued           integer not null default 0,
  started_at         timestamptz not null default now(),
  finished_at        timestamptz
);

-- Event scores as they were when a run started, to report what the run changed.
create table reclassify_snapshots (
  run_id              bigint not null references reclassify_runs (id) on delete cascade,
  event_id            bigint not null,
  company             text not null,
  model               text not null,
  version             text not null,
  window_start        timestamptz not null,
  article_count       integer not null,
  independent_sources integer not null,
  friction_score      real not null,
  friction_share      real not null,
  primary key (run_id, event_id)
);
