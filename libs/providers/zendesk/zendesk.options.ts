import { z } from 'zod';
import { optionsReader, toleranceSeconds } from '../shared/options.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/timestamp.js';

export const zendeskOptionsSchema = z.strictObject({
  /**
   * Replay window for X-Zendesk-Webhook-Signature-Timestamp, both directions; 0 switches it off.
   * Zendesk documents no window; 300 s matches the other timestamped schemes.
   */
  toleranceSeconds: toleranceSeconds(0).default(DEFAULT_TOLERANCE_SECONDS),
});

export const zendeskOptions = optionsReader('zendesk', zendeskOptionsSchema);
