-- Launch events: one per (company, model or none, version, launch window).
create table launch_events (
  id                  bigserial primary key,
  company             text not null,
  model               text not null default '',
  version             text not null default '',
  window_start        timestamptz not null,
  first_seen_at       timestamptz not null,
  last_seen_at        timestamptz not null,
  article_count       integer not null default 0,
  independent_sources integer not null default 0,
  friction_score      real not null default 0,
  friction_share      real not null default 0,
  categories          text[] not null default '{}',
  top_evidence        text,
  top_evidence_article_id bigint references articles (id) on delete set null,
  classifier_version  text not null,
  lexicon_version     text not null default '',
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  unique (company, model, version, window_start)
);
create index launch_events_time_idx on launch_events (window_start);

create table event_articles (
  event_id    bigint not null references launch_events (id) on delete cascade,
  article_id  bigint not null references articles (id) on delete cascade,
  friction    real not null,
  independent boolean not null default true,
  primary key (event_id, article_id)
);
create index event_articles_article_idx on event_articles (article_id);
