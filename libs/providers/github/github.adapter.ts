import type { ProviderAdapter } from '../provider.js';
import { githubDedupKey, normalizeGithub } from './github.normalizer.js';
import { verifyGithub } from './github.verifier.js';

export const githubAdapter: ProviderAdapter = {
  scheme: 'github',
  verify: verifyGithub,
  dedupKey: githubDedupKey,
  normalize: normalizeGithub,
};
