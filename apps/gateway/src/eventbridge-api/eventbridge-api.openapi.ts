import type { JsonSchema } from '../docs/schema-components.js';

/** The name of the SigV4 security scheme in `components.securitySchemes`. */
export const SIGV4 = 'sigv4';

export const SIGV4_SCHEME: JsonSchema = {
  type: 'apiKey',
  in: 'header',
  name: 'Authorization',
  description:
    "AWS Signature Version 4 (service `events`), with an API key's `accessKeyId` and " +
    '`secretAccessKey`: the AWS SDKs and CLI sign for you.',
};

const AWS_API_REFERENCE = 'https://docs.aws.amazon.com/eventbridge/latest/APIReference/';

/**
 * `POST /`, the EventBridge-compatible API, described rather than specified: its operations are
 * AWS's, documented by AWS, and served for the names given.
 */
export function eventBridgeOperation(operationNames: readonly string[]): JsonSchema {
  return {
    operationId: 'eventBridge',
    tags: ['EventBridge-compatible API'],
    summary: "Amazon EventBridge's API (AWS JSON 1.1)",
    description:
      `Amazon EventBridge's own API, as the [EventBridge API Reference](${AWS_API_REFERENCE}) ` +
      'documents it: point `@aws-sdk/client-eventbridge` or the AWS CLI at this endpoint with an ' +
      "API key's access key, and the key's role decides which operations it may call. Errors are " +
      'AWS\'s `{"__type", "message"}` (400; 413 for a body over 4 MiB; 503 for ServiceUnavailable).\n\n' +
      `Operations served: ${operationNames.map((n) => `\`${n}\``).join(', ')}.`,
    'x-hookbridge-roles': ['partner', 'account'],
    security: [{ [SIGV4]: [] }],
    parameters: [
      {
        name: 'X-Amz-Target',
        in: 'header',
        required: true,
        description: 'The operation: `AWSEvents.<Operation>`, e.g. `AWSEvents.PutEvents`.',
        schema: { type: 'string', pattern: '^AWSEvents\\.[A-Za-z]+$' },
      },
    ],
    requestBody: {
      required: true,
      content: { 'application/x-amz-json-1.1': { schema: { type: 'object' } } },
    },
    responses: {
      '200': {
        description: "The operation's output, as AWS documents it.",
        content: { 'application/x-amz-json-1.1': { schema: { type: 'object' } } },
      },
      '400': {
        description: "An AWS error: `__type` is AWS's exception name.",
        content: {
          'application/x-amz-json-1.1': {
            schema: {
              type: 'object',
              properties: { __type: { type: 'string' }, message: { type: 'string' } },
              required: ['__type'],
            },
          },
        },
      },
    },
    externalDocs: { description: 'Amazon EventBridge API Reference', url: AWS_API_REFERENCE },
  };
}
