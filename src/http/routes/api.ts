import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db/db.js';
import { getEvent, listEventArticles, listEvents } from '../../db/sql/api-events.js';
import { listEventEvidence, listEvidence } from '../../db/sql/api-evidence.js';
import { listFeedHealth } from '../../db/sql/feed-health.js';
import { periodSummary } from '../../db/sql/stats.js';
import { decodeCursor, encodeCursor, eventsQuery, evidenceQuery, feedsQuery, idParam, parseQuery, summaryQuery } from '../query.js';

// The JSON API: launch events, their evidence, feed health and a period summary. Every list
// answers { <items>, next_cursor }; pass next_cursor back as ?cursor= for the next page.

const position = { key: z.number().finite(), id: z.number().int().positive() };

/** Registers /api/events, /api/events/:id, /api/evidence, /api/feeds and /api/summary. */
export function registerApiRoutes(app: FastifyInstance, db: Queryable): void {
  app.get('/api/events', async (req) => {
    const q = parseQuery(eventsQuery, req.query);
    const after = decodeCursor(z.object({ order: z.literal(q.order), ...position }), q.cursor);
    const { events, next } = await listEvents(
      db,
      { companies: q.company ?? null, models: q.model ?? null, from: q.from ?? null, to: q.to ?? null, minScore: q.min_score ?? null },
      { order: q.order, limit: q.limit, after },
    );
    const evidence = q.evidence > 0 ? await listEventEvidence(db, events.map((e) => e.id), { perEvent: q.evidence, includeNegated: false }) : null;
    return {
      events: evidence ? events.map((e) => ({ ...e, evidence: evidence.get(e.id) ?? [] })) : events,
      next_cursor: next ? encodeCursor(next) : null,
    };
  });

  app.get('/api/events/:id', async (req, reply) => {
    const { id } = parseQuery(idParam, req.params);
    const event = await getEvent(db, id);
    if (!event) return reply.code(404).send({ error: 'not_found', message: `no launch event ${id}` });
    const [articles, evidence] = await Promise.all([
      listEventArticles(db, id),
      listEventEvidence(db, [id], { perEvent: 200, includeNegated: true }),
    ]);
    return { event, articles, evidence: evidence.get(id) ?? [] };
  });

  app.get('/api/evidence', async (req) => {
    const q = parseQuery(evidenceQuery, req.query);
    const after = decodeCursor(z.object(position), q.cursor);
    const { evidence, next } = await listEvidence(
      db,
      { companies: q.company ?? null, categories: q.category ?? null, from: q.from ?? null, to: q.to ?? null, includeNegated: q.include_negated },
      { limit: q.limit, after },
    );
    return { evidence, next_cursor: next ? encodeCursor(next) : null };
  });

  app.get('/api/feeds', async (req) => {
    const q = parseQuery(feedsQuery, req.query);
    return { feeds: await listFeedHealth(db, { health: q.health ?? null }) };
  });

  app.get('/api/summary', async (req) => {
    const q = parseQuery(summaryQuery, req.query);
    return {
      from: q.from?.toISOString() ?? null,
      to: q.to?.toISOString() ?? null,
      rocky_score: q.rocky_score,
      ...(await periodSummary(db, { from: q.from ?? null, to: q.to ?? null, rockyScore: q.rocky_score })),
    };
  });
}
