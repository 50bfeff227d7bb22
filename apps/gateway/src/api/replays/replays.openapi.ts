import { z } from 'zod';
import { arn, pageOf, timestamp } from '../../docs/answer-schemas.js';
import { documentController } from '../../docs/operation-doc.js';
import { ReplaysController } from './replays.controller.js';

const REPLAY_STATES = ['STARTING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'CANCELLED', 'FAILED'] as const;

const started = z.object({ name: z.string(), arn, state: z.enum(REPLAY_STATES) });

const replay = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    arn,
    state: z.enum(REPLAY_STATES),
    stateReason: z.string().optional(),
    archive: z.string(),
    archiveArn: arn,
    eventStartTime: timestamp,
    eventEndTime: timestamp,
    destination: z.object({
      bus: z.string(),
      filterRules: z.array(z.string()).optional(),
      rule: z.string().optional(),
      target: z.string().optional(),
    }),
    progress: z.object({
      eventsTotal: z.int(),
      eventsReplayed: z.int(),
      deliveriesCreated: z.int(),
      percent: z.int(),
    }),
    eventLastReplayedTime: timestamp.optional().meta({ description: 'The event time reached.' }),
    replayStartTime: timestamp.optional(),
    replayEndTime: timestamp.optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'Replay' });

export const replaysDocs = documentController(ReplaysController, {
  tag: 'Archives and replays',
  params: { name: 'The replay name, `[.-_A-Za-z0-9]{1,64}`.' },
  operations: {
    start: {
      summary: 'Start a replay',
      description:
        "Puts the archive's events of [`eventStartTime`, `eventEndTime`) back on `destination.bus` " +
        "(default: the archive's bus), into `filterRules` only, or to one `rule` and `target`; " +
        'replayed events carry `replay-name`.',
      response: started,
      errors: {
        400: '`LimitExceededException`: the account has its most active replays already.',
        404: '`ResourceNotFoundException`: no such archive, bus, rule or target.',
        409: '`ResourceAlreadyExistsException`: a replay of that name exists.',
      },
    },
    list: { summary: "List the account's replays", response: pageOf(replay) },
    get: { summary: 'Describe a replay, with its progress', response: replay },
    cancel: {
      summary: 'Cancel a replay',
      description: 'RUNNING → CANCELLING → CANCELLED before its next slice.',
      response: started,
      errors: { 409: '`InvalidStateException`: the replay is not STARTING or RUNNING.' },
    },
  },
});
