import { z } from 'zod';
import { optionsReader, toleranceSeconds } from '../shared/options.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../shared/timestamp.js';

export const stripeOptionsSchema = z.strictObject({
  /** Replay window for `t=`, applied both to old and to future timestamps. */
  toleranceSeconds: toleranceSeconds(1).default(DEFAULT_TOLERANCE_SECONDS),
});

export const stripeOptions = optionsReader('stripe', stripeOptionsSchema);
