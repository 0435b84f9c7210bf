import { z } from 'zod';

// Query-string validation for the JSON API. Unknown parameters are refused so a typo
// (?compnay=openai) answers 400 instead of silently returning everything.

/** A request the API refuses with 400 and this message. */
export class BadRequestError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const SLUG = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A comma-separated list of lowercase slugs ("openai,google"), at most 50. */
const slugList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(SLUG, 'expected lowercase ids such as openai or qwen')).min(1, 'expected at least one id').max(50));

/** An ISO date (2026-01-31) or date-time with an offset (2026-01-31T12:00:00Z). */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected a date such as 2026-01-31 or 2026-01-31T12:00:00Z')
  .transform((v, ctx) => {
    // A bare date means midnight UTC, not the server's local midnight.
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    // Date rolls 2026-02-30 over to March; refuse a day the month does not have.
    const [y, m, day] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
    const cal = new Date(Date.UTC(y, m - 1, day));
    if (Number.isNaN(d.getTime()) || cal.getUTCMonth() !== m - 1 || cal.getUTCDate() !== day) {
      ctx.addIssue({ code: 'custom', message: 'not a real date' });
      return z.NEVER;
    }
    return d;
  });

const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const score = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected a number from 0 to 100')
  .transform(Number)
  .pipe(z.number().min(0).max(100));

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const range = { from: instant.optional(), to: instant.optional() };
const checkRange = (q: { from?: Date | undefined; to?: Date | undefined }) => !q.from || !q.to || q.from < q.to;
const rangeIssue = { message: 'from must be before to', path: ['from'] };

export const eventsQuery = z
  .strictObject({
    company: slugList.optional(),
    model: slugList.optional(),
    ...range,
    min_score: score.optional(),
    order: z.enum(['recent', 'friction']).default('recent'),
    limit: intParam(1, 500).default(50),
    cursor: z.string().max(200).optional(),
    evidence: intParam(0, 10).default(0),
  })
  .refine(checkRange, rangeIssue);

export const evidenceQuery = z
  .strictObject({
    company: slugList.optional(),
    category: slugList.optional(),
    ...range,
    include_negated: bool.default(false),
    limit: intParam(1, 500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine(checkRange, rangeIssue);

export const feedsQuery = z.strictObject({
  health: z.enum(['ok', 'failing', 'never_polled', 'disabled']).optional(),
});

export const summaryQuery = z
  .strictObject({
    ...range,
    rocky_score: score.default(50),
  })
  .refine(checkRange, rangeIssue);

export const idParam = z.strictObject({ id: intParam(1, Number.MAX_SAFE_INTEGER) });

/** Parses a query (or params) object, or throws BadRequestError naming the parameter at fault. */
export function parseQuery<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const res = schema.safeParse(raw ?? {});
  if (res.success) return res.data;
  const issue = res.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new BadRequestError(`unknown parameter ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`);
  const key = issue.path.length ? String(issue.path[0]) : 'query';
  const got = raw && typeof raw === 'object' && key in raw ? ` (got ${JSON.stringify((raw as Record<string, unknown>)[key])})` : '';
  throw new BadRequestError(`${key}: ${issue.message}${got}`);
}

/** Encodes a page position as an opaque, URL-safe cursor. */
export function encodeCursor(c: object): string {
  return Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor against its expected shape, or throws BadRequestError. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | undefined): z.output<S> | null {
  if (cursor === undefined) return null;
  try {
    const res = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (res.success) return res.data;
  } catch {
    /* falls through to the 400 below */
  }
  throw new BadRequestError('cursor: not a cursor this API gave out (use next_cursor from the previous page, with the same order)');
}
