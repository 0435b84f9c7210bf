import type { Queryable } from '../db.js';
import type { ClassifierVersion } from '../../extract/types.js';
import { chooseEvent, WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS, type EventCandidate, type SubjectKey } from '../../events/window.js';
import type { LockKey } from '../../events/lock-keys.js';
import { lockKeyParams, lockKeys, takesLocks } from './articles-dedup.js';
import { markEventsStale, markStaleSql } from './events-stale.js';

// Launch-event links of a classify batch (results-batch.ts): candidate windows of every subject
// in one probe, the window rule applied article after article in memory, one insert of new
// events and one of links.

/**
 * Candidate events of every (company, model, time) in one probe, grouped by company/model. The
 * advisory locks `keys` (the batch's (company, model) keys, sorted) are taken by the same
 * statement, before it reads an event: one round trip fewer while holding them.
 */
async function candidatesBatch(
  q: Queryable,
  probes: readonly { company: string; model: string; at: Date }[],
  keys: readonly LockKey[],
): Promise<Map<string, Map<number, EventCandidate>>> {
  const out = new Map<string, Map<number, EventCandidate>>();
  if (probes.length === 0) {
    await lockKeys(q, keys);
    return out;
  }
  const res = await q.query<{ id: number; company: string; model: string; version: string; window_start: Date; first_seen_at: Date; last_seen_at: Date }>(
    // The keys are taken before the join reads an event.
    `select distinct e.id, e.company, e.model, e.version, e.window_start, e.first_seen_at, e.last_seen_at
     from unnest($1::text[], $2::text[], $3::timestamptz[]) as p(company, model, at)
     join launch_events e on e.company = p.company and e.model = p.model
     where e.last_seen_at >= p.at - $4 * interval '1 millisecond'
       and e.window_start >= p.at - $5 * interval '1 millisecond'
       and e.first_seen_at <= p.at + $4 * interval '1 millisecond'
       and ${takesLocks('$6', '$7')}`,
    [probes.map((p) => p.company), probes.map((p) => p.model), probes.map((p) => p.at), WINDOW_GAP_MS, WINDOW_MAX_SPAN_MS, ...lockKeyParams(keys)],
  );
  for (const r of res.rows) {
    const k = `${r.company}/${r.model}`;
    const m = out.get(k) ?? new Map<number, EventCandidate>();
    m.set(Number(r.id), { id: Number(r.id), version: r.version, windowStart: r.window_start, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at });
    out.set(k, m);
  }
  return out;
}

/**
 * Links each article (in id order) to the event of each launch subject — joining a window, or
 * opening one that later articles of the batch may join — as writeClassification does, with
 * windows moved in memory (recomputeEvents runs once, after). New events are inserted in one
 * statement at the end; links in another, which also marks stale every event linked and the
 * events in `alsoStale`. `keys` are the (company, model) locks still to take, sorted: the first
 * statement takes them.
 */
export async function linkBatch(
  q: Queryable,
  arts: readonly { id: number; at: Date; subjects: { key: SubjectKey; friction: number }[] }[],
  v: ClassifierVersion,
  keys: readonly LockKey[] = [],
  alsoStale: readonly number[] = [],
): Promise<Map<number, { linked: Set<number>; created: Set<number> }>> {
  const pools = await candidatesBatch(q, arts.flatMap((a) => a.subjects.map((s) => ({ company: s.key.company, model: s.key.model, at: a.at }))), keys);
  const fresh = new Map<number, { key: SubjectKey; at: Date }>();
  const freshByKey = new Map<string, number>();
  const chosen: { article: number; event: number; friction: number }[] = [];
  for (const a of arts) {
    for (const s of a.subjects) {
      const pair = `${s.key.company}/${s.key.model}`;
      const pool = pools.get(pair) ?? new Map<number, EventCandidate>();
      pools.set(pair, pool);
      let cand = chooseEvent(s.key, a.at, [...pool.values()]);
      if (!cand) {
        const k = `${pair}/${s.key.version}/${a.at.toISOString()}`;
        let id = freshByKey.get(k);
        if (id === undefined) {
          id = -(fresh.size + 1); // a placeholder until the insert returns the real id
          fresh.set(id, { key: s.key, at: a.at });
          freshByKey.set(k, id);
        }
        cand = pool.get(id) ?? { id, version: s.key.version, windowStart: a.at, firstSeenAt: a.at, lastSeenAt: a.at };
      }
      pool.set(cand.id, {
        ...cand,
        firstSeenAt: a.at < cand.firstSeenAt ? a.at : cand.firstSeenAt,
        lastSeenAt: a.at > cand.lastSeenAt ? a.at : cand.lastSeenAt,
      });
      chosen.push({ article: a.id, event: cand.id, friction: s.friction });
    }
  }
  const real = new Map<number, { id: number; created: boolean }>();
  if (fresh.size > 0) {
    const temp = [...fresh.keys()];
    const res = await q.query<{ ord: number; id: number; created: boolean }>(
      `with n as (select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) with ordinality as n(company, model, version, at, ord)),
       ins as (
         insert into launch_events (company, model, version, window_start, first_seen_at, last_seen_at, classifier_version, lexicon_version)
         select company, model, version, at, at, at, $5, $6 from n order by ord
         on conflict (company, model, version, window_start) do update set updated_at = launch_events.updated_at
         returning id, company, model, version, window_start, (xmax = 0) as created)
       select n.ord, ins.id, ins.created from n join ins using (company, model, version) where ins.window_start = n.at`,
      [temp.map((t) => fresh.get(t)!.key.company), temp.map((t) => fresh.get(t)!.key.model), temp.map((t) => fresh.get(t)!.key.version), temp.map((t) => fresh.get(t)!.at), v.classifier, v.lexicon],
    );
    for (const r of res.rows) real.set(temp[Number(r.ord) - 1]!, { id: Number(r.id), created: r.created });
  }
  const out = new Map(arts.map((a) => [a.id, { linked: new Set<number>(), created: new Set<number>() }]));
  const best = new Map<string, { article: number; event: number; friction: number }>();
  const credited = new Set<number>();
  for (const c of chosen) {
    const r = c.event < 0 ? real.get(c.event)! : { id: c.event, created: false };
    const mine = out.get(c.article)!;
    mine.linked.add(r.id);
    // The article that opened an event is the one that created it.
    if (r.created && c.event < 0 && !credited.has(r.id)) {
      credited.add(r.id);
      mine.created.add(r.id);
    }
    const k = `${c.article}/${r.id}`;
    const prev = best.get(k);
    best.set(k, { article: c.article, event: r.id, friction: Math.max(prev?.friction ?? 0, c.friction) });
  }
  const links = [...best.values()];
  if (links.length > 0) {
    await q.query(
      `with l as (
         insert into event_articles (event_id, article_id, friction)
         select * from unnest($1::bigint[], $2::bigint[], $3::real[])
         on conflict (event_id, article_id) do update set friction = excluded.friction
         returning event_id)
       ${markStaleSql('select e from (select event_id as e from l union select unnest($4::bigint[])) t order by e')}`,
      [links.map((l) => l.event), links.map((l) => l.article), links.map((l) => l.friction), alsoStale],
    );
  } else {
    await markEventsStale(q, [...alsoStale].sort((a, b) => a - b));
  }
  return out;
}
