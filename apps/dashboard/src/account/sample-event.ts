const remembered = new Map<string, string>();

/** The sample event last edited for `bus` in this tab (kept across screens), or a fresh one. */
export const rememberedEvent = (bus: string): string => remembered.get(bus) ?? sampleEvent(bus);

export function rememberEvent(bus: string, event: string): void {
  remembered.set(bus, event);
}

/** A complete EventBridge envelope to start testing patterns with (TestEventPattern needs every field). */
export function sampleEvent(bus: string): string {
  const event = {
    version: '0',
    id: '6f5a2b7e-0000-4000-8000-000000000000',
    'detail-type': 'order.created',
    source: bus.startsWith('aws.partner/') ? bus : 'com.example.orders',
    account: '123456789012',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: { order: 'o-1', total: 250 },
  };
  return JSON.stringify(event, null, 2);
}

/** The JSON parser's complaint about `text`, or undefined when it is valid JSON. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return `Not valid JSON: ${(err as Error).message}`;
  }
}
