import type { ImmediateResponse, NormalizedWebhook, WebhookRequest } from '../provider.js';
import { formField, formFields, jsonObjectBody, type JsonObject } from '../shared/body.js';
import { textToDetailJson, toDetailJson } from '../shared/detail.js';
import { dateFromUnixSeconds, dedupValue, detailType, path } from '../shared/fields.js';
import { isFormMediaType, mediaType } from '../shared/request.js';

/**
 * What a Slack request carries, whatever its encoding: Events API JSON; interactivity as a form
 * with one `payload` field holding JSON; slash commands as plain form fields.
 */
interface SlackPayload {
  readonly body: JsonObject | undefined;
  readonly detailJson: string;
  readonly kind: 'json' | 'interactivity' | 'command' | 'other';
}

function slackPayload(request: WebhookRequest): SlackPayload {
  if (isFormMediaType(mediaType(request))) {
    const fields = formFields(request.rawBody);
    const payload = formField(fields, 'payload');
    if (payload !== undefined) {
      const detailJson = textToDetailJson(payload);
      return { body: jsonObjectBody(Buffer.from(detailJson)), detailJson, kind: 'interactivity' };
    }
    const kind = formField(fields, 'command') !== undefined ? 'command' : 'other';
    return { body: undefined, detailJson: JSON.stringify(fields), kind };
  }
  const body = jsonObjectBody(request.rawBody);
  const detailJson = toDetailJson(request.rawBody, mediaType(request));
  return { body, detailJson, kind: body ? 'json' : 'other' };
}

/** The Events API `event_id`; Slack retries (X-Slack-Retry-Num) keep it. */
export function slackDedupKey(request: WebhookRequest): string | undefined {
  const { body, kind } = slackPayload(request);
  return kind === 'json' ? dedupValue(path(body, 'event_id')) : undefined;
}

/**
 * detail-type: `event.type` for `event_callback`, else the body's `type` (`url_verification`,
 * `block_actions`, `view_submission`, …); `slash_command` for slash commands. time = `event_time`.
 */
export function normalizeSlack(request: WebhookRequest): NormalizedWebhook {
  const { body, detailJson, kind } = slackPayload(request);
  const type = path(body, 'type');
  const name = type === 'event_callback' ? path(body, 'event', 'type') : type;
  return {
    detailType: detailType(kind === 'command' ? 'slash_command' : name, 'Slack Event'),
    time: dateFromUnixSeconds(path(body, 'event_time')),
    resources: [],
    detailJson,
  };
}

/**
 * Slack's `url_verification` handshake must be answered with the `challenge` value; the Events
 * API accepts it as plain text. Called only after the request verified.
 */
export function slackImmediateResponse(request: WebhookRequest): ImmediateResponse | undefined {
  const { body, kind } = slackPayload(request);
  const challenge = path(body, 'challenge');
  if (kind !== 'json' || path(body, 'type') !== 'url_verification' || typeof challenge !== 'string') {
    return undefined;
  }
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
}
