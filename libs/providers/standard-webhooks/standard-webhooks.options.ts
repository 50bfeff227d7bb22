import { z } from 'zod';
import { optionsReader, toleranceSeconds } from '../shared/options.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/timestamp.js';

export const standardWebhooksOptionsSchema = z.strictObject({
  /** Replay window for webhook-timestamp, both directions (the reference library's 5 minutes). */
  toleranceSeconds: toleranceSeconds(1).default(DEFAULT_TOLERANCE_SECONDS),
});

export const standardWebhooksOptions = optionsReader('standard-webhooks', standardWebhooksOptionsSchema);
