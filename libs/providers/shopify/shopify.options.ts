import { z } from 'zod';
import { optionsReader } from '../shared/options.js';

/** Shopify has no options: the signature and its headers are fixed. */
export const shopifyOptionsSchema = z.strictObject({});

export const shopifyOptions = optionsReader('shopify', shopifyOptionsSchema);
