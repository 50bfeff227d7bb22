import type { NormalizedWebhook, WebhookRequest } from '../provider.js';
import { formField, formFields, isJsonObject, jsonObjectBody } from '../shared/body.js';
import { textToDetailJson, toDetailJson } from '../shared/detail.js';
import { dedupValue, detailType, path, resourceList } from '../shared/fields.js';
import { header, isFormMediaType, mediaType } from '../shared/request.js';

/** Payload objects whose `html_url` names what the event is about, after the repository. */
const SUBJECTS = [
  'pull_request',
  'issue',
  'comment',
  'review',
  'release',
  'discussion',
  'check_run',
  'check_suite',
  'workflow_run',
  'deployment',
];

/** GitHub's delivery GUID; a redelivery keeps it, so it is the dedup key. */
export function githubDedupKey(request: WebhookRequest): string | undefined {
  return dedupValue(header(request, 'x-github-delivery'));
}

/** detail-type = X-GitHub-Event; resources = repository (or organization) and subject html_url. */
export function normalizeGithub(request: WebhookRequest): NormalizedWebhook {
  const { body, detailJson } = githubPayload(request);
  const owner = path(body, 'repository', 'html_url') ?? path(body, 'organization', 'html_url');
  return {
    detailType: detailType(header(request, 'x-github-event'), 'GitHub Webhook'),
    resources: resourceList(owner, ...SUBJECTS.map((key) => path(body, key, 'html_url'))),
    detailJson,
  };
}

/**
 * A webhook set to content type `application/x-www-form-urlencoded` sends the JSON in a `payload`
 * field; the event is that JSON, not the form around it.
 */
function githubPayload(request: WebhookRequest): { body: unknown; detailJson: string } {
  if (isFormMediaType(mediaType(request))) {
    const payload = formField(formFields(request.rawBody), 'payload');
    if (payload !== undefined) {
      const detailJson = textToDetailJson(payload);
      const body = jsonObjectBody(Buffer.from(detailJson));
      return { body: isJsonObject(body) ? body : undefined, detailJson };
    }
  }
  return {
    body: jsonObjectBody(request.rawBody),
    detailJson: toDetailJson(request.rawBody, mediaType(request)),
  };
}
