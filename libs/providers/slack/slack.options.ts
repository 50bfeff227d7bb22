import { z } from 'zod';
import { optionsReader, toleranceSeconds } from '../shared/options.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/timestamp.js';

export const slackOptionsSchema = z.strictObject({
  /** Replay window for X-Slack-Request-Timestamp, both directions (Slack says 5 minutes). */
  toleranceSeconds: toleranceSeconds(1).default(DEFAULT_TOLERANCE_SECONDS),
});

export const slackOptions = optionsReader('slack', slackOptionsSchema);
