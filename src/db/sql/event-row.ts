// A launch_events row as the SQL modules read it: one definition for the API, explain and the
// window rule's candidate lookup (which reads a few of its columns).

export interface LaunchEventRow {
  id: number;
  company: string;
  /** '' when the event is about the company, not one model. */
  model: string;
  /** '' when the coverage names no version. */
  version: string;
  window_start: Date;
  first_seen_at: Date;
  last_seen_at: Date;
  article_count: number;
  independent_sources: number;
  friction_score: number;
  friction_share: number;
  categories: string[];
  top_evidence: string | null;
  top_evidence_article_id: number | null;
  classifier_version: string;
  lexicon_version: string;
}
