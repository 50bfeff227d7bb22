import { z } from 'zod';
import { genericEnvelopeFields, headerName, optionsReader } from '../shared/options.js';

/**
 * Where the key is sent. With neither set, the `x-api-key` header; with `queryParam` only, just the
 * query parameter; with both, either place is accepted.
 */
export const apiKeyOptionsSchema = z
  .strictObject({
    header: headerName.optional(),
    queryParam: z.string().min(1).max(128).optional(),
    ...genericEnvelopeFields,
  })
  .transform((o) => ({ ...o, header: o.header ?? (o.queryParam ? undefined : 'x-api-key') }));

export const apiKeyOptions = optionsReader('api-key', apiKeyOptionsSchema);
