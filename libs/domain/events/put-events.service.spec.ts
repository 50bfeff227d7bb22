import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppConfig } from '#libs/config';
import { compileRules, MAX_EVENT_DEPTH, parsePattern } from '#libs/event-pattern';
import { Arns } from '../common/arns.js';
import type { BusesRepository } from '../buses/buses.repository.js';
import type { SourcesRepository } from '../sources/sources.repository.js';
import type { EventWriter, NewEvent } from './event-writer.js';
import { PutEventsService } from './put-events.service.js';

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** The service over in-memory stand-ins: an active default bus and a partner source `p/s` of `p`. */
function service() {
  const written: NewEvent[] = [];
  const buses = { find: async () => ({ state: 'ACTIVE' }) } as unknown as BusesRepository;
  const sources = {
    findLive: async (name: string) =>
      name === 'p/s' ? { id: 'src', accountId: '123456789012', partnerName: 'p' } : undefined,
  } as unknown as SourcesRepository;
  const writer = {
    write: async (event: NewEvent) => {
      written.push(event);
      return { eventId: event.id, duplicate: false };
    },
  } as unknown as EventWriter;
  const config = { region: 'us-east-1', partition: 'aws' } as AppConfig;
  const put = new PutEventsService(config, buses, sources, writer, new Arns(config));
  return { put, written };
}

describe('PutEventsService: Detail nesting', () => {
  const routes = compileRules([{ id: 'r', pattern: parsePattern({ source: ['x'] }) }]);

  test('a Detail as deep as an event may hold is stored, and its envelope routes', async () => {
    const { put, written } = service();
    const result = await put.putEvents('123456789012', [
      { source: 'x', detailType: 'y', detail: nested(MAX_EVENT_DEPTH - 1) },
    ]);
    assert.equal(result.failedEntryCount, 0, JSON.stringify(result.entries));
    assert.equal(written.length, 1);
    assert.deepEqual(routes.match(written[0]?.envelope ?? ''), ['r']);
  });

  test('one level deeper fails that entry alone with MalformedDetail; nothing unroutable is stored', async () => {
    const { put, written } = service();
    const result = await put.putEvents('123456789012', [
      { source: 'x', detailType: 'y', detail: nested(MAX_EVENT_DEPTH) },
      { source: 'x', detailType: 'y', detail: `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
      { source: 'x', detailType: 'y', detail: '{"ok":true}' },
    ]);
    assert.equal(result.failedEntryCount, 2);
    const [deep, deeper, ok] = result.entries;
    for (const failed of [deep, deeper]) {
      assert.ok(failed && 'errorCode' in failed);
      assert.equal(failed.errorCode, 'MalformedDetail');
      assert.match(failed.errorMessage, /nest deeper than 999 levels/);
    }
    assert.ok(ok && 'eventId' in ok);
    assert.equal(written.length, 1);
  });

  test('brackets and escaped quotes inside strings are not nesting', async () => {
    const { put, written } = service();
    const text = JSON.stringify({ s: `\\"${'['.repeat(5_000)}\\`, t: '{'.repeat(5_000) });
    const result = await put.putEvents('123456789012', [{ source: 'x', detailType: 'y', detail: text }]);
    assert.equal(result.failedEntryCount, 0, JSON.stringify(result.entries));
    assert.deepEqual(routes.match(written[0]?.envelope ?? ''), ['r']);
  });

  test('PutPartnerEvents refuses the same Detail the same way', async () => {
    const { put, written } = service();
    const result = await put.putPartnerEvents({ kind: 'partner', partner: 'p', keyId: 'k' }, [
      { source: 'p/s', detailType: 'y', detail: nested(MAX_EVENT_DEPTH) },
    ]);
    assert.equal(result.failedEntryCount, 1);
    assert.equal((result.entries[0] as { errorCode: string }).errorCode, 'MalformedDetail');
    assert.equal(written.length, 0);
  });
});
