-- Extraction results of one article; replaced as a whole each time the article is classified.
create table mentions (
  id                 bigserial primary key,
  article_id         bigint not null references articles (id) on delete cascade,
  kind               text not null check (kind in ('company', 'model')),
  entity             text not null,
  company            text not null,
  version            text,
  surface            text not null,
  char_start         integer not null,
  char_end           integer not null,
  sentence           integer not null,
  classifier_version text not null,
  lexicon_version    text not null default '',
  unique (article_id, kind, entity, char_start)
);
create index mentions_entity_idx on mentions (kind, entity);

create table friction_hits (
  id                 bigserial primary key,
  article_id         bigint not null references articles (id) on delete cascade,
  term               text not null,
  category           text not null,
  weight             real not null,
  effective_weight   real not null,
  negated            boolean not null,
  hedged             boolean not null,
  surface            text not null,
  char_start         integer not null,
  char_end           integer not null,
  sentence           integer not null,
  sentence_text      text not null,
  targets            jsonb not null default '[]',
  target_companies   text[] not null default '{}',
  classifier_version text not null,
  lexicon_version    text not null,
  unique (article_id, char_start, term)
);
create index friction_hits_article_idx on friction_hits (article_id);
create index friction_hits_companies_idx on friction_hits using gin (target_companies);

-- Per (article, company, model) friction score: the unit events aggregate.
create table article_scores (
  article_id         bigint not null references articles (id) on delete cascade,
  company            text not null,
  model              text not null default '',
  version            text not null default '',
  friction           real not null,
  categories         text[] not null default '{}',
  hit_count          integer not null,
  evidence           text,
  -- Effective weight of the evidence hit for this entity: picks an event's strongest sentence.
  evidence_weight    real not null default 0,
  is_launch_subject  boolean not null,
  classifier_version text not null,
  lexicon_version    text not null default '',
  primary key (article_id, company, model)
);
