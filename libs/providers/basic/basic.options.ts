import { z } from 'zod';
import { genericEnvelopeFields, optionsReader } from '../shared/options.js';

export const basicOptionsSchema = z.strictObject({ ...genericEnvelopeFields });

export const basicOptions = optionsReader('basic', basicOptionsSchema);
