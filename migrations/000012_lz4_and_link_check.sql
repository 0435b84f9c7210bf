-- Two costs of writing results that grew with the articles table (docs/performance.md, item 28).
--
-- 1. Article texts are compressed with lz4 instead of pglz where the server has lz4 (PostgreSQL
--    built --with-lz4, as Debian's and most packages are; PGlite is not, and keeps pglz). A row
--    of more than ~2 KB has its longest texts compressed on every insert and decompressed on
--    every read of them (each classification reads title, body and summary): lz4 does both
--    several times faster, for a little more space. Only values written from now on change.
do $$
begin
  alter table articles alter column body set compression lz4;
  alter table articles alter column summary set compression lz4;
exception when feature_not_supported then
  null;
end
$$;

-- 2. The link check of migration 000009 looked up the statement's articles with
--    `id in (select article_id from new_rows)`: against a growing table whose statistics had not
--    caught up (no ANALYZE yet, autovacuum off or behind), the planner hash-joined a sequential
--    scan of all of articles, three times per batch write (mention groups, friction hits and
--    scores each fire it). Collecting the distinct ids first and locking `id = any(ids)` is an
--    index lookup per article whatever the statistics say. Same checks, same locks, same order.
create or replace function results_check_articles() returns trigger language plpgsql as $$
declare
  ids bigint[];
  found_n bigint;
  missing bigint;
begin
  select array_agg(distinct article_id order by article_id) into ids from new_rows;
  if ids is null then
    return null;
  end if;
  select count(*) into found_n
  from (select a.id from articles a where a.id = any(ids) order by a.id for key share of a) locked;
  if found_n < cardinality(ids) then
    select m into missing from unnest(ids) as m
    where not exists (select 1 from articles a where a.id = m) limit 1;
    raise exception 'insert or update on table "%" violates the link to articles', tg_table_name
      using errcode = 'foreign_key_violation',
            detail = format('Key (article_id)=(%s) is not present in table "articles".', missing),
            table = tg_table_name, column = 'article_id';
  end if;
  return null;
end
$$;
