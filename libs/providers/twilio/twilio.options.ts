import { z } from 'zod';
import { optionsReader } from '../shared/options.js';

/** Twilio has no options: what is signed is fixed by Twilio. */
export const twilioOptionsSchema = z.strictObject({});

export const twilioOptions = optionsReader('twilio', twilioOptionsSchema);
