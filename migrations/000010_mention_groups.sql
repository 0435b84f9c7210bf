-- Mentions are stored one row per (article, kind, entity), with that name's occurrences in
-- parallel arrays ordered by position; `mentions` becomes a view with the old columns, one row
-- per occurrence, so what analysts query does not change. A 2 KB article names its subjects
-- ~9 times in ~3 groups: one heap row and three index entries per group instead of per
-- occurrence made the classify insert of mentions about half as costly (docs/performance.md).
-- The surrogate `mentions.id`, which nothing referenced, is gone; the key is the group's.

create table mention_groups (
  article_id         bigint not null,
  kind               text not null check (kind in ('company', 'model')),
  entity             text not null,
  company            text not null,
  -- One element per occurrence, in order of char_start (versions may hold nulls).
  versions           text[] not null,
  surfaces           text[] not null,
  char_starts        integer[] not null,
  char_ends          integer[] not null,
  sentences          integer[] not null,
  classifier_version text not null,
  lexicon_version    text not null default '',
  primary key (article_id, kind, entity),
  check (cardinality(char_starts) > 0
         and cardinality(versions) = cardinality(char_starts) and cardinality(surfaces) = cardinality(char_starts)
         and cardinality(char_ends) = cardinality(char_starts) and cardinality(sentences) = cardinality(char_starts))
);
create index mention_groups_entity_idx on mention_groups (kind, entity);
comment on table mention_groups is 'Mentions of one name in one article; read them one occurrence per row through the view mentions';
comment on column mention_groups.article_id is 'articles.id; kept by trigger (migration 000009), deleted with the article';

insert into mention_groups (article_id, kind, entity, company, versions, surfaces, char_starts, char_ends, sentences, classifier_version, lexicon_version)
select article_id, kind, entity, min(company),
       array_agg(version order by char_start), array_agg(surface order by char_start), array_agg(char_start order by char_start),
       array_agg(char_end order by char_start), array_agg(sentence order by char_start), min(classifier_version), min(lexicon_version)
from mentions group by article_id, kind, entity;

drop table mentions;

create view mentions as
select g.article_id, g.kind, g.entity, g.company, o.version, o.surface, o.char_start, o.char_end, o.sentence,
       g.classifier_version, g.lexicon_version
from mention_groups g
cross join lateral unnest(g.versions, g.surfaces, g.char_starts, g.char_ends, g.sentences) as o(version, surface, char_start, char_end, sentence);
comment on view mentions is 'One row per mention (an occurrence of a company or model name in an article), from mention_groups';

-- The link to articles (migration 000009), now on mention_groups.
create trigger mention_groups_article_check after insert on mention_groups
  referencing new table as new_rows for each statement execute function results_check_articles();
create trigger mention_groups_article_move before update of article_id on mention_groups
  for each row when (old.article_id is distinct from new.article_id) execute function results_check_article_row();

create or replace function articles_delete_results() returns trigger language plpgsql as $$
begin
  delete from mention_groups where article_id in (select id from gone);
  delete from friction_hits where article_id in (select id from gone);
  delete from article_scores where article_id in (select id from gone);
  return null;
end
$$;

create or replace function articles_truncate_results() returns trigger language plpgsql as $$
begin
  truncate mention_groups, friction_hits, article_scores;
  return null;
end
$$;

create or replace function articles_keep_result_ids() returns trigger language plpgsql as $$
begin
  if exists (select 1 from mention_groups where article_id = old.id)
     or exists (select 1 from friction_hits where article_id = old.id)
     or exists (select 1 from article_scores where article_id = old.id) then
    raise exception 'update on table "articles" would orphan the results of article %', old.id
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;
