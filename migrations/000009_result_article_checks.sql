-- The result tables (mentions, friction_hits, article_scores) keep their link to articles with
-- statement-level triggers instead of foreign keys. A foreign key checks each inserted row on
-- its own (one lookup and row lock per mention, hit and score: ~14 per article, about 30 % of
-- the classify insert); these check all the articles of one statement at once. What holds is
-- the same as with the foreign keys:
--   * a result row can only be written for an article that exists, and that article cannot be
--     deleted until the writing transaction ends (its row is locked FOR KEY SHARE, as a foreign
--     key locks it); a violation fails with SQLSTATE 23503 (foreign_key_violation);
--   * deleting or truncating articles deletes their results (ON DELETE CASCADE);
--   * an article's id cannot change while results point at it (ON UPDATE NO ACTION).
-- Each article_id column says so in its comment, for tools that drew the links from the keys.

alter table mentions drop constraint mentions_article_id_fkey;
alter table friction_hits drop constraint friction_hits_article_id_fkey;
alter table article_scores drop constraint article_scores_article_id_fkey;

-- After an insert: every article named by the statement's new rows must exist; each is locked
-- FOR KEY SHARE, so a concurrent delete waits for this transaction (and then deletes these rows
-- too, through the delete trigger below). Updates that move rows are checked row by row below.
create function results_check_articles() returns trigger language plpgsql as $$
declare
  wanted bigint;
  found_n bigint;
  missing bigint;
begin
  select count(distinct article_id) into wanted from new_rows;
  if wanted = 0 then
    return null;
  end if;
  -- In id order, as every writer locks article rows (a foreign key's checks came in insert
  -- order, which the batch writer keeps by id): an arbitrary order here deadlocked with the
  -- syndication step's FOR UPDATE of the same rows in a concurrent batch.
  select count(*) into found_n
  from (select a.id from articles a where a.id in (select article_id from new_rows) order by a.id for key share of a) locked;
  if found_n < wanted then
    select r.article_id into missing from new_rows r
    where not exists (select 1 from articles a where a.id = r.article_id) limit 1;
    raise exception 'insert or update on table "%" violates the link to articles', tg_table_name
      using errcode = 'foreign_key_violation',
            detail = format('Key (article_id)=(%s) is not present in table "articles".', missing),
            table = tg_table_name, column = 'article_id';
  end if;
  return null;
end
$$;

create trigger mentions_article_check after insert on mentions
  referencing new table as new_rows for each statement execute function results_check_articles();
create trigger friction_hits_article_check after insert on friction_hits
  referencing new table as new_rows for each statement execute function results_check_articles();
create trigger article_scores_article_check after insert on article_scores
  referencing new table as new_rows for each statement execute function results_check_articles();

-- A result row moved to another article (nothing in launchwatch does this) is checked the same way.
create function results_check_article_row() returns trigger language plpgsql as $$
begin
  perform 1 from articles a where a.id = new.article_id for key share of a;
  if not found then
    raise exception 'insert or update on table "%" violates the link to articles', tg_table_name
      using errcode = 'foreign_key_violation',
            detail = format('Key (article_id)=(%s) is not present in table "articles".', new.article_id),
            table = tg_table_name, column = 'article_id';
  end if;
  return new;
end
$$;

create trigger mentions_article_move before update of article_id on mentions
  for each row when (old.article_id is distinct from new.article_id) execute function results_check_article_row();
create trigger friction_hits_article_move before update of article_id on friction_hits
  for each row when (old.article_id is distinct from new.article_id) execute function results_check_article_row();
create trigger article_scores_article_move before update of article_id on article_scores
  for each row when (old.article_id is distinct from new.article_id) execute function results_check_article_row();

-- ON DELETE CASCADE: one delete per result table per statement, whatever the number of articles.
create function articles_delete_results() returns trigger language plpgsql as $$
begin
  delete from mentions where article_id in (select id from gone);
  delete from friction_hits where article_id in (select id from gone);
  delete from article_scores where article_id in (select id from gone);
  return null;
end
$$;

create trigger articles_delete_results after delete on articles
  referencing old table as gone for each statement execute function articles_delete_results();

-- TRUNCATE articles (which the foreign keys refused without CASCADE) empties the results too.
create function articles_truncate_results() returns trigger language plpgsql as $$
begin
  truncate mentions, friction_hits, article_scores;
  return null;
end
$$;

create trigger articles_truncate_results after truncate on articles
  for each statement execute function articles_truncate_results();

-- ON UPDATE NO ACTION: an article's id does not change while results point at it.
create function articles_keep_result_ids() returns trigger language plpgsql as $$
begin
  if exists (select 1 from mentions where article_id = old.id)
     or exists (select 1 from friction_hits where article_id = old.id)
     or exists (select 1 from article_scores where article_id = old.id) then
    raise exception 'update on table "articles" would orphan the results of article %', old.id
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end
$$;

create trigger articles_keep_result_ids before update of id on articles
  for each row when (old.id is distinct from new.id) execute function articles_keep_result_ids();

comment on column mentions.article_id is 'articles.id; kept by trigger (migration 000009), deleted with the article';
comment on column friction_hits.article_id is 'articles.id; kept by trigger (migration 000009), deleted with the article';
comment on column article_scores.article_id is 'articles.id; kept by trigger (migration 000009), deleted with the article';

-- friction_hits (article_id) duplicated the leading column of the table's unique key
-- (article_id, char_start, term), which serves the same lookups: one index less per hit.
drop index friction_hits_article_idx;
