/**
 * Query parameters that only say how a reader arrived (campaigns, click ids, share widgets).
 * Matched case-insensitively. Meaningful ones such as id, p, story or page are never in here.
 */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'twclid', 'igshid', 'ttclid', 'li_fat_id',
  'mc_cid', 'mc_eid', 'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'cmp', 'spm', 'scm', 'from', 'share',
  'share_source', 'share_medium', 'shareid', 'ncid', 'icid', 'ito', 's_cid', 'sr_share',
  '_hsenc', '_hsmi', 'mkt_tok', 'vero_id', 'vero_conv', 'oly_enc_id', 'oly_anon_id', 'wt.mc_id', 'wt_mc',
  'at_medium', 'at_campaign', 'at_custom1', 'at_custom2', 'rss_source', 'feedtype',
  'soc_src', 'soc_trk', 'ocid', 'cid_source', 'smid', 'guccounter', 'guce_referrer',
  'guce_referrer_sig', '__twitter_impression', 'recruiter', 'ga_source', 'ga_medium', 'ga_campaign',
  'isappinstalled', 'wfr', 'sharer_shareid', 'sharer_sharetime', 'utm',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'hmb_', 'ga_', '_ga', 'stm_', 'itm_'];

/** True when a query parameter name only tracks the visit. */
export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * The canonical form of an article URL: absolute http(s), lower-case host without trailing dot,
 * no credentials, default port or fragment, tracking parameters dropped and the rest sorted.
 * Returns null when `raw` is not an http(s) URL (relative URLs resolve against `base`).
 */
export function canonicalUrl(raw: string, base?: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 8192) return null;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  const kept = [...url.searchParams.entries()].filter(([k]) => k !== '' && !isTrackingParam(k));
  // Sort by name only: stable, so repeated names keep their order (a=2&a=1 differs from a=1&a=2).
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  // Empty path and "/" are the same resource; other trailing slashes can matter to servers, so they stay.
  if (url.pathname === '') url.pathname = '/';
  return url.href;
}
