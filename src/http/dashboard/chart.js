// The dashboard's chart: launch events over time per company, with their friction scores, as
// inline SVG (no chart library), plus its legend and tooltip.
// A view is { events, from: Date|null, hidden: Set<company>, colorOf(company) }.
import { $, DAY, el, eventName, fmtDate, fmtDateTime, plural, svg } from './dom.js';

const ROCKY = 50;
const W = 960;
const H = 340;
const M = { top: 16, right: 20, bottom: 36, left: 44 };

/** Round tick steps, from an hour to a quarter, so that at most about 8 ticks show. */
function timeTicks(t0, t1) {
  const steps = [3600e3, 6 * 3600e3, 12 * 3600e3, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY];
  const step = steps.find((s) => (t1 - t0) / s <= 8) || steps[steps.length - 1];
  const first = Math.ceil(t0 / step) * step;
  const ticks = [];
  for (let t = first; t <= t1; t += step) ticks.push(t);
  return { ticks, step };
}

/** Draws the events as an SVG scatter over time (x) and friction score (y), one colour per company. */
export function renderChart(view) {
  const box = $('#chart');
  box.replaceChildren();
  const events = view.events;
  if (events.length === 0) {
    box.append(el('p', { class: 'empty', text: 'No launch events in this period yet. They appear here once feeds are polled and articles classified.' }));
    return;
  }
  const from = view.from;
  const times = events.map((e) => new Date(e.first_seen_at).getTime());
  let t0 = from ? from.getTime() : Math.min(...times);
  let t1 = from ? Date.now() : Math.max(...times);
  if (t1 - t0 < DAY) {
    t0 -= DAY / 2;
    t1 += DAY / 2;
  }
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (t) => M.left + ((Math.max(t0, Math.min(t1, t)) - t0) / (t1 - t0)) * pw;
  const y = (score) => M.top + (1 - score / 100) * ph;

  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Launch events over time by company, with their friction scores', class: 'chart-svg' });
  const grid = svg('g', { class: 'grid' });
  for (const s of [0, 25, 50, 75, 100]) {
    grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(s), y2: y(s), class: s === ROCKY ? 'rocky-line' : '' }));
    const label = svg('text', { x: M.left - 8, y: y(s) + 4, 'text-anchor': 'end', class: 'axis-label' });
    label.textContent = String(s);
    grid.append(label);
  }
  const rockyLabel = svg('text', { x: M.left + 6, y: y(ROCKY) - 6, 'text-anchor': 'start', class: 'rocky-label' });
  rockyLabel.textContent = 'rocky ↑';
  grid.append(rockyLabel);
  const { ticks, step } = timeTicks(t0, t1);
  for (const t of ticks) {
    grid.append(svg('line', { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom, class: 'vgrid' }));
    const label = svg('text', { x: x(t), y: H - M.bottom + 20, 'text-anchor': 'middle', class: 'axis-label' });
    label.textContent = step < DAY ? fmtDateTime(new Date(t)) : fmtDate(new Date(t));
    grid.append(label);
  }
  const yTitle = svg('text', { x: 12, y: M.top + ph / 2, transform: `rotate(-90 12 ${M.top + ph / 2})`, 'text-anchor': 'middle', class: 'axis-title' });
  yTitle.textContent = 'friction score';
  grid.append(yTitle);
  root.append(grid);

  const byCompany = new Map();
  for (const e of [...events].sort((a, b) => a.first_seen_at.localeCompare(b.first_seen_at))) {
    if (!byCompany.has(e.company)) byCompany.set(e.company, []);
    byCompany.get(e.company).push(e);
  }
  for (const [company, list] of byCompany) {
    const g = svg('g', { class: 'series', 'data-company': company });
    if (view.hidden.has(company)) g.setAttribute('visibility', 'hidden');
    const color = view.colorOf(company);
    if (list.length > 1) {
      const d = list.map((e, i) => `${i ? 'L' : 'M'}${x(new Date(e.first_seen_at).getTime()).toFixed(1)},${y(e.friction_score).toFixed(1)}`).join(' ');
      g.append(svg('path', { d, stroke: color, class: 'series-line' }));
    }
    for (const e of list) {
      const r = Math.min(13, 4 + Math.sqrt(e.article_count || 1) * 1.6);
      const c = svg('circle', {
        cx: x(new Date(e.first_seen_at).getTime()).toFixed(1),
        cy: y(e.friction_score).toFixed(1),
        r: r.toFixed(1),
        fill: color,
        class: 'point',
        'data-company': company,
        'data-event-id': e.id,
        'data-score': e.friction_score,
        tabindex: 0,
      });
      const title = svg('title');
      title.textContent = `${eventName(e)} — friction ${Math.round(e.friction_score)} — ${plural(e.article_count, 'article')}`;
      c.append(title);
      c.addEventListener('mouseenter', (ev) => showTooltip(e, ev));
      c.addEventListener('focus', (ev) => showTooltip(e, ev));
      c.addEventListener('mouseleave', hideTooltip);
      c.addEventListener('blur', hideTooltip);
      g.append(c);
    }
    root.append(g);
  }
  box.append(root);
}

function showTooltip(e, ev) {
  const tip = $('#tooltip');
  tip.replaceChildren(
    el('strong', { text: eventName(e) }),
    el('div', { text: `friction ${Math.round(e.friction_score)} / 100 · ${plural(e.article_count, 'article')} from ${plural(e.independent_sources, 'source')}` }),
    el('div', { class: 'muted', text: `first seen ${fmtDateTime(new Date(e.first_seen_at))}` }),
    e.top_evidence ? el('blockquote', { text: e.top_evidence }) : null,
  );
  const card = tip.parentElement.getBoundingClientRect();
  const dot = ev.target.getBoundingClientRect();
  tip.hidden = false;
  const left = Math.min(card.width - tip.offsetWidth - 8, Math.max(8, dot.left - card.left + dot.width / 2 - tip.offsetWidth / 2));
  tip.style.left = `${left}px`;
  tip.style.top = `${dot.top - card.top - tip.offsetHeight - 8}px`;
}

function hideTooltip() {
  $('#tooltip').hidden = true;
}

/** One toggle per company (with its event count) that hides or shows its series. */
export function renderLegend(view, onToggle) {
  const legend = $('#legend');
  legend.replaceChildren();
  const counts = new Map();
  for (const e of view.events) counts.set(e.company, (counts.get(e.company) || 0) + 1);
  for (const company of [...counts.keys()].sort()) {
    const btn = el(
      'button',
      { type: 'button', class: `legend-item${view.hidden.has(company) ? ' off' : ''}`, 'data-company': company, 'aria-pressed': String(!view.hidden.has(company)) },
      el('span', { class: 'swatch' }),
      `${company} (${counts.get(company)})`,
    );
    btn.firstChild.style.background = view.colorOf(company);
    btn.addEventListener('click', () => {
      if (view.hidden.has(company)) view.hidden.delete(company);
      else view.hidden.add(company);
      onToggle();
    });
    legend.append(btn);
  }
}
