import { z } from 'zod';
import { optionsReader } from '../shared/options.js';

export const githubOptionsSchema = z.strictObject({
  /**
   * Also accept the legacy SHA-1 `X-Hub-Signature` when `X-Hub-Signature-256` is absent. Off by
   * default: SHA-1 is weaker and GitHub sends both headers anyway.
   */
  allowSha1: z.boolean().default(false),
});

export const githubOptions = optionsReader('github', githubOptionsSchema);
