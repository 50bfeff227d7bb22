import { z } from 'zod';
import { arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { ArchivesController } from './archives.controller.js';

const ARCHIVE_STATES = ['ENABLED', 'DISABLED'] as const;

const archive = z
  .object({
    name: z.string(),
    arn,
    eventSourceBus: z.string(),
    eventSourceArn: arn,
    eventPattern: z.string().optional().meta({ description: 'As JSON text.' }),
    retentionDays: z.int().meta({ description: '0: forever.' }),
    state: z.enum(ARCHIVE_STATES),
    description: z.string().optional(),
    eventCount: z.int(),
    sizeBytes: z.int(),
    createdAt: timestamp,
  })
  .meta({ id: 'Archive' });

export const archivesDocs = documentController(ArchivesController, {
  tag: 'Archives and replays',
  tagDescription:
    "Archives keep a bus's events (optionally those matching a pattern); replays put a time window " +
    'of them back on a bus, into some rules, or to one target.',
  params: { name: 'The archive name, `[.-_A-Za-z0-9]{1,48}`.' },
  operations: {
    create: {
      summary: 'Create an archive',
      response: z.object({ name: z.string(), arn, state: z.enum(ARCHIVE_STATES) }),
      errors: {
        400: '`InvalidEventPatternException`: the pattern is not valid; or the name or retention is not.',
        404: '`ResourceNotFoundException`: no such bus.',
        409: '`ResourceAlreadyExistsException`: an archive of that name exists.',
      },
    },
    list: { summary: "List the account's archives", response: pageOf(archive) },
    get: { summary: 'Describe an archive', response: archive },
    delete: {
      summary: 'Delete an archive',
      errors: { 409: '`InvalidStateException`: a replay of the archive is active.' },
    },
    dryRun: {
      summary: "Try a pattern on an archive's events",
      description:
        'How many archived events in [`from`, `to`) (RFC 3339 or epoch seconds) the pattern would ' +
        'have matched, scanning at most `maxScan` (default 10 000), with the first 10 matches.',
      response: z
        .object({
          matched: z.int(),
          scanned: z.int(),
          truncated: z.boolean().meta({ description: '`maxScan` stopped the scan early.' }),
          sample: z.array(z.record(z.string(), z.unknown())),
        })
        .meta({ id: 'DryRunResult' }),
      errors: { 400: '`InvalidEventPatternException`: the pattern is not valid.' },
    },
  },
});
