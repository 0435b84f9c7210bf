-- SimHash bands in a table of their own, for the syndicated-copy probe. The four expression
-- indexes on articles they replace were partial indexes whose statistics stay "all null" until
-- the next ANALYZE after a bulk load; the planner then probed one band through another band's
-- index (a scan of the whole time window per article, growing with the table). Here each band
-- is a row keyed (band number << 16 | 16-bit value, time), so one index answers all four bands
-- of an article in one probe, whatever the statistics say.
create table article_bands (
  band_key   integer not null,
  at         timestamptz not null,
  article_id bigint not null,
  primary key (band_key, at, article_id)
);
-- No foreign key: a band row of a deleted article matches no article in the probe's join, and
-- article deletes stay free of a scan here.

create function article_bands_keys(h bigint) returns integer[] language sql immutable as $$
  select array[(0 << 16) | ((h >> 48) & 65535)::int, (1 << 16) | ((h >> 32) & 65535)::int,
               (2 << 16) | ((h >> 16) & 65535)::int, (3 << 16) | (h & 65535)::int]
$$;

-- Kept by trigger, so every writer of articles.simhash (batch and single-article classify,
-- page fetches that change the text) keeps the bands right without knowing about them.
create function article_bands_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.simhash is not null then
    delete from article_bands
    where band_key = any(article_bands_keys(old.simhash))
      and at = coalesce(old.published_at, old.fetched_at) and article_id = old.id;
  end if;
  if new.simhash is not null then
    insert into article_bands (band_key, at, article_id)
    select k, coalesce(new.published_at, new.fetched_at), new.id from unnest(article_bands_keys(new.simhash)) as k
    on conflict do nothing;
  end if;
  return null;
end
$$;

create trigger article_bands_insert after insert on articles
  for each row when (new.simhash is not null) execute function article_bands_sync();
create trigger article_bands_update after update of simhash, published_at, fetched_at on articles
  for each row when (old.simhash is distinct from new.simhash
                     or old.published_at is distinct from new.published_at
                     or old.fetched_at is distinct from new.fetched_at)
  execute function article_bands_sync();

insert into article_bands (band_key, at, article_id)
select k, coalesce(a.published_at, a.fetched_at), a.id
from articles a cross join lateral unnest(article_bands_keys(a.simhash)) as k
where a.simhash is not null
on conflict do nothing;

drop index articles_simhash_b0_idx;
drop index articles_simhash_b1_idx;
drop index articles_simhash_b2_idx;
drop index articles_simhash_b3_idx;
