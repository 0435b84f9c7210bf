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
  classify(articles: readonly ArticleRef[]): Promise<void>;
  fetchPage(articles: readonly ArticleRef[]): Promise<void>;
}
