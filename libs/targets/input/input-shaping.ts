/**
 * How a target's request body is derived from the matched event: EventBridge's `Input`,
 * `InputPath` and `InputTransformer`, which are mutually exclusive. With none of them set the
 * target receives the whole event.
 */
export interface InputShaping {
  /** Constant JSON text sent instead of the event. */
  readonly input?: string;
  /** A JSON path; the selected part of the event is sent. */
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformer;
}

export interface InputTransformer {
  /** Variable name → JSON path into the event. At most 100 entries. */
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  /** Text with `<variable>` placeholders, 1–8 192 characters. */
  readonly inputTemplate: string;
}

/** What the shaping functions need to know about one delivery. */
export interface ShapingContext {
  /** The event envelope exactly as stored. */
  readonly eventJson: string;
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When the gateway accepted the event. */
  readonly ingestionTime: Date;
}

/** Raised for a shaping configuration AWS would refuse in PutTargets; the message names the problem. */
export class InputShapingError extends Error {
  override readonly name = 'InputShapingError';
}

/** AWS limits (API_Target, API_InputTransformer). */
export const INPUT_LIMITS = {
  maxInputChars: 8_192,
  maxInputPathChars: 256,
  maxTemplateChars: 8_192,
  maxPathsMapEntries: 100,
  maxPathsMapKeyChars: 256,
  maxPathsMapValueChars: 256,
} as const;

/** Variables EventBridge defines itself; an InputPathsMap cannot redefine them. */
export const PREDEFINED_VARIABLES = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event',
  'aws.events.event.ingestion-time',
  'aws.events.event.json',
] as const;
export type PredefinedVariable = (typeof PREDEFINED_VARIABLES)[number];

export function isPredefinedVariable(name: string): name is PredefinedVariable {
  return (PREDEFINED_VARIABLES as readonly string[]).includes(name);
}
