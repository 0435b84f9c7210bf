// The label vocabulary of the evaluation set: the slugs its labellers assign (eval/README.md).
// A classifier may know more entities (o-series, Nova, 盘古 …); the set does not label those, so a
// prediction outside the vocabulary is neither right nor wrong and is left out of the scores.

/** Company slugs the labellers assign (the entity contract plus the "also ok" companies). */
export const LABEL_COMPANIES: readonly string[] = [
  'alibaba', 'bytedance', 'kuaishou', 'tencent', 'baidu', 'deepseek', 'moonshot', 'zhipu', 'minimax',
  'openai', 'google', 'microsoft', 'meta', 'anthropic', 'apple', 'amazon', 'xai', 'mistral', 'nvidia',
  'huawei', 'xiaomi', 'iflytek', 'sensetime', 'stepfun', '01ai', 'perplexity', 'cohere', 'stability',
  'midjourney', 'runway', 'samsung', 'ibm',
];

/** Model-family slugs the labellers assign, each with its company. */
export const LABEL_MODELS: Readonly<Record<string, string>> = {
  qwen: 'alibaba',
  doubao: 'bytedance',
  seedance: 'bytedance',
  jimeng: 'bytedance',
  kling: 'kuaishou',
  hunyuan: 'tencent',
  ernie: 'baidu',
  deepseek: 'deepseek',
  kimi: 'moonshot',
  glm: 'zhipu',
  gpt: 'openai',
  chatgpt: 'openai',
  sora: 'openai',
  gemini: 'google',
  bard: 'google',
  veo: 'google',
  copilot: 'microsoft',
  llama: 'meta',
  claude: 'anthropic',
  grok: 'xai',
  'apple-intelligence': 'apple',
};

export interface Vocabulary {
  companies: ReadonlySet<string>;
  models: ReadonlySet<string>;
}

/** The vocabulary runEval scores over unless told otherwise. */
export const LABEL_VOCABULARY: Vocabulary = {
  companies: new Set(LABEL_COMPANIES),
  models: new Set(Object.keys(LABEL_MODELS)),
};
