import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { formField, formFields, jsonObjectBody } from '../shared/body.js';
import { toDetailJson } from '../shared/detail.js';
import { dedupValue, detailType, path, resourceList } from '../shared/fields.js';
import { header, isFormMediaType, mediaType } from '../shared/request.js';

/** Fields that name what happened, most specific first. */
const STATUS_FIELDS = [
  'MessageStatus',
  'CallStatus',
  'SmsStatus',
  'RecordingStatus',
  'TranscriptionStatus',
  'EventType',
];
/** Fields that identify the Twilio resource the webhook is about. */
const SID_FIELDS = ['MessageSid', 'CallSid', 'SmsSid', 'RecordingSid', 'TranscriptionSid', 'ConversationSid'];

/** Twilio's I-Twilio-Idempotency-Token, the same on every retry of one webhook. */
export function twilioDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(header(request, 'i-twilio-idempotency-token'));
}

/** detail = the form fields as an object; detail-type = the status field, else `Twilio Webhook`. */
export function normalizeTwilio(request: WebhookRequest): NormalizedWebhook {
  const read = fieldReader(request);
  return {
    detailType: detailType(
      STATUS_FIELDS.map(read).find((v) => v !== undefined),
      'Twilio Webhook',
    ),
    resources: resourceList(...SID_FIELDS.map(read)),
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}

function fieldReader(request: WebhookRequest): (name: string) => string | undefined {
  if (isFormMediaType(mediaType(request))) {
    const fields = formFields(request.rawBody);
    return (name) => nonBlank(formField(fields, name));
  }
  const body = jsonObjectBody(request.rawBody);
  return (name) => nonBlank(path(body, name));
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
