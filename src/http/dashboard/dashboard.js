// launchwatch dashboard: plain browser JavaScript modules, no build step, no network beyond
// this server. Every piece of text from the API goes into the page through textContent.
import { $, DAY, ago, el, eventName, plural } from './dom.js';
import { renderChart, renderLegend } from './chart.js';

// Twelve categorical colours far enough apart to tell companies apart (Tableau 10 and two more).
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#2f4b7c', '#17becf'];
const PERIODS = { '7d': 7, '30d': 30, '90d': 90, '365d': 365, all: null };
const ROCKY = 50;
const state = { period: '30d', hidden: new Set(), events: [], colors: new Map() };

async function getJson(url) {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 503) throw new Error(body.message || `${url}: HTTP ${res.status}`);
  return body;
}

function fromDate() {
  const days = PERIODS[state.period];
  return days ? new Date(Date.now() - days * DAY) : null;
}

/** Redraws the chart and its legend from the current state (after a load or a legend toggle). */
function draw() {
  const view = { events: state.events, from: fromDate(), hidden: state.hidden, colorOf };
  renderChart(view);
  renderLegend(view, draw);
}

function colorOf(company) {
  if (!state.colors.has(company)) state.colors.set(company, PALETTE[state.colors.size % PALETTE.length]);
  return state.colors.get(company);
}

// ---- data ---------------------------------------------------------------------------------

/** All events of the period (newest first), following next_cursor up to a sane cap. */
async function loadEvents(from) {
  const events = [];
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: '500' });
    if (from) q.set('from', from.toISOString());
    if (cursor) q.set('cursor', cursor);
    const page = await getJson(`/api/events?${q}`);
    events.push(...page.events);
    cursor = page.next_cursor;
  } while (cursor && events.length < 5000);
  return events;
}

async function refresh() {
  const from = fromDate();
  const range = from ? `from=${encodeURIComponent(from.toISOString())}` : '';
  try {
    const [summary, events, rocky, feeds] = await Promise.all([
      getJson(`/api/summary?${range}`),
      loadEvents(from),
      getJson(`/api/events?order=friction&min_score=1&limit=8&evidence=3&${range}`),
      getJson('/api/feeds'),
    ]);
    state.events = events;
    // Colours follow the companies' order by name, so a company keeps its colour across reloads.
    state.colors = new Map();
    [...new Set(events.map((e) => e.company))].sort().forEach(colorOf);
    renderTiles(summary);
    draw();
    renderRocky(rocky.events);
    renderFeeds(feeds.feeds);
    $('#updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.loaded = 'true';
  } catch (err) {
    $('#updated').textContent = `could not load data: ${err.message}`;
    $('#updated').classList.add('error');
  }
  refreshReady();
}

async function refreshReady() {
  const pill = $('#ready');
  try {
    const r = await getJson('/readyz');
    const ok = r.status === 'ready';
    pill.textContent = ok ? 'ready' : 'not ready';
    pill.className = `pill ${ok ? 'pill-ok' : 'pill-bad'}`;
    pill.title = ok ? 'Postgres, migrations and Redis are fine' : (r.reasons || []).join('\n');
    $('#queues-link').hidden = !r.checks || r.checks.redis === 'not configured';
  } catch {
    pill.textContent = 'unreachable';
    pill.className = 'pill pill-bad';
  }
}

// ---- summary tiles ------------------------------------------------------------------------

function renderTiles(s) {
  for (const node of document.querySelectorAll('#tiles [data-key]')) {
    const v = s[node.dataset.key];
    node.textContent = typeof v === 'number' ? v.toLocaleString() : '–';
  }
  $('#tiles .tile-warn').classList.toggle('tile-alert', s.rocky_events > 0);
}

// ---- rocky launches -----------------------------------------------------------------------

/** The sentence with the friction term marked (matched case-insensitively). */
function sentenceNode(ev) {
  const s = ev.sentence || '';
  const i = ev.surface ? s.toLowerCase().indexOf(ev.surface.toLowerCase()) : -1;
  const q = el('blockquote', { class: 'evidence-sentence' });
  if (i < 0) q.textContent = s;
  else q.append(s.slice(0, i), el('mark', { text: s.slice(i, i + ev.surface.length) }), s.slice(i + ev.surface.length));
  return q;
}

function scoreClass(score) {
  return score >= 75 ? 'score-high' : score >= ROCKY ? 'score-mid' : 'score-low';
}

function renderRocky(events) {
  const list = $('#rocky');
  list.replaceChildren();
  if (events.length === 0) {
    list.append(el('li', { class: 'empty', text: 'No launch with friction in this period.' }));
    return;
  }
  for (const e of events) {
    const evidence = (e.evidence || []).map((ev) =>
      el(
        'li',
        { class: 'evidence' },
        sentenceNode(ev),
        el(
          'div',
          { class: 'evidence-meta' },
          el('span', { class: `chip cat-${ev.category}`, text: ev.category }),
          ev.hedged ? el('span', { class: 'chip chip-muted', text: 'hedged' }) : null,
          el('a', { href: ev.article.url, rel: 'noopener noreferrer', target: '_blank', text: ev.article.title || ev.article.url }),
          ev.article.feed ? el('span', { class: 'muted', text: ` · ${ev.article.feed}` }) : null,
        ),
      ),
    );
    const head = el(
      'div',
      { class: 'rocky-head' },
      el('span', { class: `score ${scoreClass(e.friction_score)}`, text: String(Math.round(e.friction_score)), title: 'friction score (0–100)' }),
      el('span', { class: 'swatch' }),
      el('strong', { class: 'rocky-name', text: eventName(e) }),
      el('span', { class: 'muted', text: `${plural(e.article_count, 'article')} · ${plural(e.independent_sources, 'source')} · first seen ${ago(e.first_seen_at)}` }),
    );
    head.children[1].style.background = colorOf(e.company);
    const cats = el('div', { class: 'chips' }, ...e.categories.map((c) => el('span', { class: `chip cat-${c}`, text: c })));
    list.append(el('li', { class: 'rocky-item', 'data-event-id': e.id }, head, cats, el('ul', { class: 'evidence-list' }, evidence)));
  }
}

// ---- feeds --------------------------------------------------------------------------------

function renderFeeds(feeds) {
  const body = $('#feeds tbody');
  body.replaceChildren();
  const failing = feeds.filter((f) => f.health === 'failing').length;
  $('#feeds-summary').textContent = feeds.length ? `${feeds.length} feeds, ${failing} failing` : 'No feeds yet: launchwatch feeds add URL';
  for (const f of feeds) {
    const name = el('td', { class: 'feed-name' }, el('div', { text: f.title || f.url }), el('div', { class: 'muted small', text: f.url }));
    if (f.last_error && f.health === 'failing') name.append(el('div', { class: 'feed-error', text: f.last_error }));
    body.append(
      el(
        'tr',
        { 'data-health': f.health, 'data-feed-id': f.id },
        name,
        el('td', {}, el('span', { class: `pill pill-${f.health}`, text: f.health.replace('_', ' ') })),
        el('td', { class: 'num', text: String(f.consecutive_failures) }),
        el('td', { text: ago(f.last_success_at), title: f.last_success_at || '' }),
        el('td', { class: 'num', text: String(f.articles_24h) }),
      ),
    );
  }
}

// ---- boot ---------------------------------------------------------------------------------

function setPeriod(p) {
  state.period = p in PERIODS ? p : '30d';
  for (const b of document.querySelectorAll('[data-period]')) b.setAttribute('aria-pressed', String(b.dataset.period === state.period));
}

document.addEventListener('DOMContentLoaded', () => {
  setPeriod(new URLSearchParams(location.hash.slice(1)).get('period') || '30d');
  for (const b of document.querySelectorAll('[data-period]')) {
    b.addEventListener('click', () => {
      setPeriod(b.dataset.period);
      history.replaceState(null, '', `#period=${state.period}`);
      refresh();
    });
  }
  refresh();
  setInterval(refresh, 60_000);
});
