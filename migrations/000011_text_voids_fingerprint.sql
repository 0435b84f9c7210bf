-- A stored SimHash is the fingerprint of the article's stored text, so that a reclassification
-- can reuse it instead of taking it again (src/db/sql/results-batch.ts). Whatever changes the
-- text — a page fetch replacing the body, an edit by hand — voids the fingerprint and its band
-- rows (migration 000008); the next classification takes it of the new text.
create function articles_text_voids_fingerprint() returns trigger language plpgsql as $$
begin
  if old.simhash is not null then
    delete from article_bands
    where band_key = any(article_bands_keys(old.simhash))
      and at = coalesce(old.published_at, old.fetched_at) and article_id = old.id;
  end if;
  new.simhash := null;
  return new;
end
$$;

create trigger articles_text_voids_fingerprint before update of title, body, summary on articles
  for each row when (old.simhash is not null
                     and (old.title is distinct from new.title or old.body is distinct from new.body or old.summary is distinct from new.summary))
  execute function articles_text_voids_fingerprint();
