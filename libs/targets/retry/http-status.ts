/** What a target's HTTP status means for delivery. */
export enum HttpStatusClass {
  Success = 'Success',
  /** 429 and 5xx: EventBridge retries these under the retry policy. */
  Retryable = 'Retryable',
  /** 1xx, 3xx and 4xx other than 429 and 410: EventBridge does not retry; the event dead-letters. */
  NonRetryable = 'NonRetryable',
  /** 410 Gone: not retried, and the endpoint has said it will not come back, so disable the target. */
  Gone = 'Gone',
}

/**
 * Classifies a response status the way EventBridge API destinations do ("events that get 429 and
 * 5xx are retried; 1xx, 2xx, 3xx and 4xx other than 429 are not"), plus our own 410 rule.
 * Redirects are not followed, so a 3xx is a non-retryable failure, as with AWS.
 */
export function classifyHttpStatus(status: number): HttpStatusClass {
  if (status >= 200 && status < 300) return HttpStatusClass.Success;
  if (status === 429 || (status >= 500 && status < 600)) return HttpStatusClass.Retryable;
  if (status === 410) return HttpStatusClass.Gone;
  return HttpStatusClass.NonRetryable;
}
