/** An article handed to the job system: its id and the key its job id derives from. */
export interface ArticleRef {
  id: number;
  article_key: string;
}

/**
 * Where new work goes. BullMQ implements it in distributed mode, an in-process queue in
 * embedded mode; the processors only see this interface.
 */
export interface Enqueuer {
  /** One job per article: safe to repeat (a re-enqueue while queued is a no-op). */
  classify(articles: readonly ArticleRef[]): Promise<void>;
  /** Articles just stored, never enqueued before: grouped into jobs of many articles. */
  classifyNew(articles: readonly ArticleRef[]): Promise<void>;
  fetchPage(articles: readonly ArticleRef[]): Promise<void>;
}
