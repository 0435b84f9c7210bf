/**
 * Version of the extraction and scoring rules; bump on any rule change (the lexicon has its own),
 * and on any change to the SimHash fingerprint (src/events/simhash.ts): a reclassification reuses
 * the fingerprints this version took.
 */
export const CLASSIFIER_VERSION = 'c1.3.0';
