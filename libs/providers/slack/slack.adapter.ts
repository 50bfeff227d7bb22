import type { ProviderAdapter } from '../provider.js';
import { normalizeSlack, slackDedupKey, slackImmediateResponse } from './slack.normalizer.js';
import { verifySlack } from './slack.verifier.js';

export const slackAdapter: ProviderAdapter = {
  scheme: 'slack',
  verify: verifySlack,
  dedupKey: slackDedupKey,
  normalize: normalizeSlack,
  immediateResponse: slackImmediateResponse,
};
