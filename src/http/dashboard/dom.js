// Small DOM and formatting helpers of the dashboard. Text always goes in as textContent, never as HTML.

export const SVG = 'http://www.w3.org/2000/svg';
export const DAY = 86_400_000;

export const $ = (sel) => document.querySelector(sel);

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export const fmtDate = (d) => d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
export const fmtDateTime = (d) => d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function ago(iso) {
  if (!iso) return 'never';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (s < 90) return 'just now';
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129_600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function eventName(e) {
  return [e.company, e.model, e.version].filter(Boolean).join(' ');
}
