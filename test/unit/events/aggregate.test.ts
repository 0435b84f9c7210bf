import { describe, expect, it } from 'vitest';
import { aggregateEvent, type EventLink } from '../../../src/events/aggregate.js';

const link = (articleId: number, day: number, friction: number, extra: Partial<EventLink> = {}): EventLink => ({
  articleId,
  at: new Date(Date.UTC(2026, 0, 1 + day)),
  storyId: articleId,
  friction,
  categories: [],
  evidence: null,
  evidenceWeight: 0,
  ...extra,
});

describe('aggregateEvent', () => {
  it('is the worked example of docs/events.md', () => {
    const agg = aggregateEvent([
      link(10, 0, 0.72, { categories: ['capacity'], evidence: 'The API was throttled for hours.', evidenceWeight: 0.6 }),
      link(11, 0.1, 0.72, { storyId: 10, categories: ['capacity'], evidence: 'The API was throttled for hours.', evidenceWeight: 0.6 }),
      link(12, 2, 0.3, { categories: ['delay'], evidence: 'Some users saw delays.', evidenceWeight: 0.3 }),
      link(13, 4, 0),
    ]);
    expect(agg).toMatchObject({
      articleCount: 4,
      independentSources: 3,
      frictionScore: 34,
      frictionShare: 0.6667,
      categories: ['capacity', 'delay'],
      topEvidence: 'The API was throttled for hours.',
      topEvidenceArticleId: 10,
    });
    expect([...agg.independent]).toEqual([[10, true], [11, false], [12, true], [13, true]]);
  });

  it('counts the earliest copy in the event when the original is not in it', () => {
    const agg = aggregateEvent([link(21, 1, 0.5, { storyId: 20 }), link(22, 2, 0.5, { storyId: 20 })]);
    expect(agg.independentSources).toBe(1);
    expect(agg.frictionScore).toBe(50);
    expect(agg.independent.get(21)).toBe(true);
  });

  it('gives zeros for an event with no friction', () => {
    expect(aggregateEvent([link(1, 0, 0)])).toMatchObject({ frictionScore: 0, frictionShare: 0, topEvidence: null });
  });
});
