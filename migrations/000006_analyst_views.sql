-- The analyst surface (contract): stable views over the tables, and a read-only login role that
-- can read these views and nothing else. Columns are documented in docs/queries.md; add columns
-- at the end only, never rename or drop one.

-- One row per launch event.
create view v_launch_events as
select e.id                          as event_id,
       e.company,
       nullif(e.model, '')           as model,
       nullif(e.version, '')         as version,
       e.window_start,
       e.first_seen_at,
       e.last_seen_at,
       e.article_count,
       e.independent_sources,
       e.friction_score,
       e.friction_share,
       e.categories,
       e.top_evidence,
       e.top_evidence_article_id,
       ta.url                        as top_evidence_url,
       e.classifier_version,
       e.lexicon_version,
       e.updated_at
from launch_events e
left join articles ta on ta.id = e.top_evidence_article_id;

-- One row per article linked to an event: the coverage of a launch.
create view v_event_articles as
select ea.event_id,
       e.company,
       nullif(e.model, '')           as model,
       nullif(e.version, '')         as version,
       a.id                          as article_id,
       a.title,
       a.url,
       f.id                          as feed_id,
       coalesce(f.title, f.url)      as feed,
       a.language,
       a.published_at,
       coalesce(a.published_at, a.fetched_at) as seen_at,
       ea.friction,
       ea.independent,
       a.duplicate_of,
       a.classifier_version,
       a.lexicon_version
from event_articles ea
join launch_events e on e.id = ea.event_id
join articles a on a.id = ea.article_id
left join feeds f on f.id = a.feed_id;

-- One row per friction hit (negated and hedged ones too, flagged), with its sentence and article;
-- event columns are filled when the hit is attributed to the company of an event its article
-- belongs to (one row per such event), else null.
create view v_friction_evidence as
select h.id                          as hit_id,
       ev.event_id,
       ev.company                    as event_company,
       ev.model                      as event_model,
       a.id                          as article_id,
       a.title,
       a.url,
       coalesce(f.title, f.url)      as feed,
       a.published_at,
       coalesce(a.published_at, a.fetched_at) as seen_at,
       coalesce(ev.independent, a.duplicate_of is null) as independent,
       h.term,
       h.category,
       h.surface,
       h.sentence_text               as sentence,
       h.weight,
       h.effective_weight,
       h.negated,
       h.hedged,
       -- Indirect: attributed to the launch subjects (no entity in its sentence) for this event's company.
       coalesce((select bool_and((t->>'indirect')::boolean) from jsonb_array_elements(h.targets) t
                 where ev.company is null or t->>'company' = ev.company), false) as indirect,
       h.target_companies,
       h.targets,
       h.classifier_version,
       h.lexicon_version
from friction_hits h
join articles a on a.id = h.article_id
left join feeds f on f.id = a.feed_id
left join lateral (
  select ea.event_id, e.company, nullif(e.model, '') as model, ea.independent
  from event_articles ea
  join launch_events e on e.id = ea.event_id
  where ea.article_id = h.article_id and e.company = any(h.target_companies)
) ev on true;

-- One row per feed: is it healthy, and what does it yield.
create view v_feed_health as
select f.id                          as feed_id,
       f.url,
       f.title,
       f.language,
       f.enabled,
       case when not f.enabled then 'disabled'
            when f.last_polled_at is null then 'never_polled'
            when f.consecutive_failures > 0 then 'failing'
            else 'ok' end            as health,
       f.last_status,
       f.last_http_status,
       f.last_error,
       f.consecutive_failures,
       f.last_polled_at,
       f.last_success_at,
       f.next_check_at,
       coalesce(c.total, 0)::int     as articles_total,
       coalesce(c.day, 0)::int       as articles_24h,
       coalesce(c.week, 0)::int      as articles_7d,
       coalesce(c.classified, 0)::int as articles_classified,
       coalesce(c.failed, 0)::int    as articles_failed,
       coalesce(c.copies, 0)::int    as articles_duplicate,
       c.last_article_at
from feeds f
left join lateral (
  select count(*) as total,
         count(*) filter (where a.fetched_at > now() - interval '24 hours') as day,
         count(*) filter (where a.fetched_at > now() - interval '7 days') as week,
         count(*) filter (where a.status = 'classified') as classified,
         count(*) filter (where a.status = 'failed') as failed,
         count(*) filter (where a.duplicate_of is not null) as copies,
         max(a.fetched_at) as last_article_at
  from articles a where a.feed_id = f.id
) c on true;

-- Indexes for the analyst questions (docs/queries.md): events by company and time, by score.
create index launch_events_company_time_idx on launch_events (company, first_seen_at);
create index launch_events_score_idx on launch_events (friction_score desc);
create index friction_hits_category_idx on friction_hits (category);

-- The read-only role. Roles are cluster-wide: another database or schema may have created it
-- already, and concurrent migrations (one schema per test) race here, so creation tolerates both.
-- A migrating user that may not create roles skips this part (the views still work) with a notice.
do $$
begin
  if not exists (select from pg_roles where rolname = 'launchwatch_analyst') then
    begin
      create role launchwatch_analyst login;
    exception
      when duplicate_object or unique_violation then null;
      when insufficient_privilege then
        raise notice 'launchwatch: cannot create role launchwatch_analyst (needs CREATEROLE); skipped';
        return;
    end;
  end if;
  if not exists (
    select from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
    where r.rolname = 'launchwatch_analyst' and s.setdatabase = 0 and 'statement_timeout=30s' = any (s.setconfig)
  ) then
    begin
      alter role launchwatch_analyst set statement_timeout = '30s';
    exception
      -- A concurrent ALTER ROLE of the same role fails with "tuple concurrently updated"; it set the same value.
      when internal_error or unique_violation then null;
      when insufficient_privilege then raise notice 'launchwatch: cannot set statement_timeout of launchwatch_analyst; skipped';
    end;
  end if;
  execute format('grant usage on schema %I to launchwatch_analyst', current_schema());
  grant select on v_launch_events, v_event_articles, v_friction_evidence, v_feed_health to launchwatch_analyst;
end
$$;
