// The launch-window rule: which launch event an article's launch subject joins. Pure.
// Documented with examples in docs/events.md ("Window rule").

const DAY = 86_400_000;
/** An article joins an event when it is at most this far from the event's first or last article. */
export const WINDOW_GAP_MS = 7 * DAY;
/** No article joins an event more than this long after the event's window started. */
export const WINDOW_MAX_SPAN_MS = 30 * DAY;

/** A launch subject as stored: '' stands for "no model" and "no version". */
export interface SubjectKey {
  company: string;
  model: string;
  version: string;
}

/** An existing event of the same (company, model) near the article's time. */
export interface EventCandidate {
  id: number;
  version: string;
  windowStart: Date;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** Whether an article at time `at` falls inside the event's window. */
export function inWindow(e: EventCandidate, at: Date): boolean {
  const t = at.getTime();
  return (
    t >= e.firstSeenAt.getTime() - WINDOW_GAP_MS &&
    t <= e.lastSeenAt.getTime() + WINDOW_GAP_MS &&
    t <= e.windowStart.getTime() + WINDOW_MAX_SPAN_MS
  );
}

/**
 * The event a subject joins, or null when it starts a new window (window_start = at).
 * A versioned subject joins only an event of its own version (Qwen3 never joins Qwen2.5);
 * a subject without a version joins the most recently active event of its (company, model) in
 * the window, whatever its version, since "the new Qwen model" written a day after the Qwen3
 * launch is coverage of Qwen3.
 */
export function chooseEvent(subject: SubjectKey, at: Date, candidates: readonly EventCandidate[]): EventCandidate | null {
  let best: EventCandidate | null = null;
  for (const e of candidates) {
    if (subject.version !== '' && e.version !== subject.version) continue;
    if (!inWindow(e, at)) continue;
    // Most recent activity wins; ties go to the versioned event, then the older id (stable).
    if (
      !best ||
      e.lastSeenAt.getTime() > best.lastSeenAt.getTime() ||
      (e.lastSeenAt.getTime() === best.lastSeenAt.getTime() &&
        (Number(e.version !== '') > Number(best.version !== '') || (e.version !== '') === (best.version !== '') && e.id < best.id))
    ) {
      best = e;
    }
  }
  return best;
}

/** How a model version is compared: trimmed and lower-cased ("2.5-Max" = "2.5-max"). */
export function normalizeVersion(v: string | null | undefined): string {
  return (v ?? '').trim().toLowerCase();
}
