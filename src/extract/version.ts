/** Version of the extraction and scoring rules; bump on any rule change (the lexicon has its own). */
export const CLASSIFIER_VERSION = 'c1.3.0';
