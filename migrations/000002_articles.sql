-- Articles: Postgres is the record of the work. An article is stored 'pending' before its
-- classify job exists; the reconciler re-enqueues what stays pending.
create table articles (
  id                 bigserial primary key,
  article_key        text not null unique,
  feed_id            bigint references feeds (id) on delete set null,
  url                text not null,
  guid               text,
  title              text not null default '',
  summary            text not null default '',
  body               text not null default '',
  language           text,
  published_at       timestamptz,
  fetched_at         timestamptz not null default now(),
  content_hash       text,
  simhash            bigint,
  duplicate_of       bigint references articles (id) on delete set null,
  status             text not null default 'pending' check (status in ('pending', 'classified', 'failed')),
  classifier_version text,
  lexicon_version    text,
  classified_at      timestamptz,
  page_status        text check (page_status in ('fetched', 'failed', 'skipped')),
  page_error         text,
  last_error         text,
  enqueued_at        timestamptz
);
create index articles_pending_idx on articles (fetched_at) where status = 'pending';
create index articles_feed_idx on articles (feed_id, fetched_at);
create index articles_published_idx on articles (published_at);
create index articles_content_hash_idx on articles (content_hash);
