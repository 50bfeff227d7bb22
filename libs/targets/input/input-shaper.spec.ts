import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { shapeInput } from './input-shaper.js';
import { type InputShaping, InputShapingError, type ShapingContext } from './input-shaping.js';

// The example event and InputPathsMap from the AWS user guide, "Input transform examples"
// (eb-transform-target-input).
const EC2_EVENT = `{
  "version": "0",
  "id": "7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "123456789012",
  "time": "2015-11-11T21:29:54Z",
  "region": "us-east-1",
  "resources": [
    "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"
  ],
  "detail": {
    "instance-id": "i-0123456789",
    "state": "RUNNING"
  }
}`;
const AWS_PATHS = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };

const ctx = (eventJson = EC2_EVENT): ShapingContext => ({
  eventJson,
  ruleArn: 'arn:aws:events:us-east-2:123456789012:rule/example',
  ruleName: 'example',
  ingestionTime: new Date('2015-11-11T21:29:55.123Z'),
});

const transform = (
  inputTemplate: string,
  inputPathsMap: Record<string, string> = AWS_PATHS,
  eventJson?: string,
) => shapeInput({ inputTransformer: { inputPathsMap, inputTemplate } }, ctx(eventJson));

describe('shapeInput: AWS user guide examples', () => {
  test('simple string', () => {
    assert.equal(transform('"instance <instance> is in <state>"'), '"instance i-0123456789 is in RUNNING"');
  });

  test('string with escaped quotes', () => {
    assert.equal(
      transform('"instance \\"<instance>\\" is in <state>"'),
      '"instance \\"i-0123456789\\" is in RUNNING"',
    );
  });

  test('simple JSON (output minified)', () => {
    assert.equal(
      transform('{\n  "instance" : <instance>,\n  "state": <state>\n}'),
      '{"instance":"i-0123456789","state":"RUNNING"}',
    );
  });

  test('JSON with strings and variables', () => {
    const template =
      '{\n "instance" : <instance>,\n "state": "<state>",\n "instanceStatus": "instance \\"<instance>\\" is in <state>"\n}';
    assert.equal(
      transform(template),
      '{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \\"i-0123456789\\" is in RUNNING"}',
    );
  });

  test('JSON with a mix of variables and static information', () => {
    assert.equal(
      transform(
        '{\n  "instance" : <instance>,\n  "state": [ 9, <state>, true ],\n  "Transformed" : "Yes"\n}',
      ),
      '{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}',
    );
  });

  test('reserved variables in JSON', () => {
    const out = transform(
      '{"instance" : <instance>, "state": <state>, "ruleArn" : <aws.events.rule-arn>, ' +
        '"ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>}',
    );
    const parsed = JSON.parse(out);
    assert.equal(parsed.ruleArn, 'arn:aws:events:us-east-2:123456789012:rule/example');
    assert.equal(parsed.ruleName, 'example');
    assert.equal(parsed.originalEvent.id, '7bf73129-1428-4cd3-a780-95db273d1602');
  });

  test('reserved variable in a string', () => {
    assert.equal(transform('"<aws.events.rule-name> triggered"'), '"example triggered"');
  });

  test('CloudWatch log group template (AWS page shows the timestamp unquoted; it is a string value)', () => {
    assert.equal(
      transform('{\n  "timestamp" : <timestamp>,\n  "message": "instance \\"<instance>\\" is in <state>"\n}'),
      '{"timestamp":"2015-11-11T21:29:54Z","message":"instance \\"i-0123456789\\" is in RUNNING"}',
    );
  });
});

describe('shapeInput: AWS API reference examples (InputTransformer)', () => {
  const paths = { instance: '$.detail.instance', status: '$.detail.status' };
  const event = JSON.stringify({ detail: { instance: 'i-1', status: 'RUNNING' } });

  test('plain-text template gets raw values', () => {
    assert.equal(transform('<instance> is in state <status>', paths, event), 'i-1 is in state RUNNING');
  });

  test('plain-text template with quotes keeps them', () => {
    assert.equal(transform('<instance> is in state "<status>"', paths, event), 'i-1 is in state "RUNNING"');
  });

  test('JSON template with variables in quotes and out', () => {
    assert.equal(
      transform(
        '{"myInstance": <instance>,"myStatus": "<instance> is in state \\"<status>\\""}',
        paths,
        event,
      ),
      '{"myInstance":"i-1","myStatus":"i-1 is in state \\"RUNNING\\""}',
    );
  });
});

// Behaviour recorded against real AWS in LocalStack's snapshot tests (tests/aws/services/events/
// test_events_inputs.snapshot.json).
describe('shapeInput: AWS-recorded behaviour', () => {
  const event = JSON.stringify({
    version: '0',
    id: 'e-1',
    'detail-type': 'core.update-account-command',
    source: 'core.update-account-command',
    account: '111111111111',
    time: '2024-05-13T12:27:07Z',
    region: 'us-east-1',
    resources: [],
    detail: { command: 'update-account', payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' } },
  });
  const paths = { 'detail-type': '$.detail-type', timestamp: '$.time', command: '$.detail.command' };
  const missing = { ...paths, command: '$.detail.notinmessage' };

  test('inputPath selects an object, a nested object and a string', () => {
    assert.deepEqual(JSON.parse(shapeInput({ inputPath: '$.detail' }, ctx(event))), JSON.parse(event).detail);
    assert.equal(
      shapeInput({ inputPath: '$.detail.payload' }, ctx(event)),
      '{"acc_id":"0a787ecb-4015","sf_id":"baz"}',
    );
    assert.equal(shapeInput({ inputPath: '$.detail.payload.sf_id' }, ctx(event)), '"baz"');
  });

  test('a missing path is empty inside a string template', () => {
    const template =
      '"Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>"';
    assert.equal(
      transform(template, paths, event),
      '"Event of core.update-account-command type, at time 2024-05-13T12:27:07Z, info extracted from detail update-account"',
    );
    assert.equal(
      transform(template, missing, event),
      '"Event of core.update-account-command type, at time 2024-05-13T12:27:07Z, info extracted from detail "',
    );
  });

  test('a missing path is "" in a JSON value position', () => {
    const template = '{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}';
    assert.equal(
      transform(template, missing, event),
      '{"detailType":"core.update-account-command","time":"2024-05-13T12:27:07Z","command":""}',
    );
  });

  test('a quoted template may start with JSON-looking characters', () => {
    assert.equal(
      transform('"{[/Check with special starting characters for event of <detail-type> type"', paths, event),
      '"{[/Check with special starting characters for event of core.update-account-command type"',
    );
  });

  test('predefined variables in a string', () => {
    assert.equal(
      transform(
        '"vars <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>"',
        {},
        event,
      ),
      '"vars arn:aws:events:us-east-2:123456789012:rule/example example 2015-11-11T21:29:55Z"',
    );
  });

  test('<aws.events.event> omits detail and says detailType; <aws.events.event.json> is the whole event', () => {
    const out = JSON.parse(
      transform(
        '{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}',
        {},
        event,
      ),
    );
    const { detail: _detail, 'detail-type': detailType, ...rest } = JSON.parse(event);
    assert.deepEqual(out.originalEvent, { ...rest, detailType });
    assert.deepEqual(out.originalEventJson, JSON.parse(event));
  });
});

describe('shapeInput: quoting edge cases', () => {
  const event =
    '{"detail":{"quote":"say \\"hi\\"","n":300.0,"big":12345678901234567890,"obj":{"a" : [1, 2]},' +
    '"nil":null,"flag":true,"items":[{"id":"x"},{"id":"y"}],"uni":"caf\\u00e9"}}';
  const paths = {
    quote: '$.detail.quote',
    n: '$.detail.n',
    big: '$.detail.big',
    obj: '$.detail.obj',
    nil: '$.detail.nil',
    flag: '$.detail.flag',
    ids: '$.detail.items[*].id',
    first: '$.detail.items[0].id',
    uni: '$.detail.uni',
  };

  test('a string value in value position keeps its JSON escapes', () => {
    assert.equal(
      transform('{"q": <quote>, "u": <uni>}', paths, event),
      '{"q":"say \\"hi\\"","u":"caf\\u00e9"}',
    );
  });

  test('a string value inside a string is inserted unescaped, as AWS does, and the output is left as is', () => {
    assert.equal(transform('{"q": "<quote>"}', paths, event), '{"q": "say "hi""}');
  });

  test('number text is preserved exactly', () => {
    assert.equal(
      transform('{"n": <n>, "big": <big>, "s": "<n>"}', paths, event),
      '{"n":300.0,"big":12345678901234567890,"s":"300.0"}',
    );
  });

  test('objects and arrays are embedded minified; null and booleans as literals', () => {
    assert.equal(
      transform('{"o": <obj>, "nil": <nil>, "f": <flag>}', paths, event),
      '{"o":{"a":[1,2]},"nil":null,"f":true}',
    );
  });

  test('an object or array inside a string loses its quotes, so the string stays valid (AWS)', () => {
    // AWS: "If a JSON path references a JSON object or array, but the variable is referenced in a
    // string, EventBridge removes any internal quotes to ensure a valid string."
    const out = transform('{"o": "Detail is <obj>", "ids": "ids <ids>"}', paths, event);
    assert.equal(out, '{"o":"Detail is {a:[1,2]}","ids":"ids [x,y]"}');
    const nested = '{"detail":{"o":{"k":"v \\"q\\" \\\\","e":""}}}';
    const shaped = transform('{"text": "<o>"}', { o: '$.detail.o' }, nested);
    assert.deepEqual(JSON.parse(shaped), { text: '{k:v "q" \\,e:}' });
    // A plain-text template is not JSON: its values keep their quotes.
    assert.equal(transform('Detail is <obj>', paths, event), 'Detail is {"a":[1,2]}');
  });

  test('wildcards yield a list; indices select one element', () => {
    assert.equal(
      transform('{"ids": <ids>, "first": <first>}', paths, event),
      '{"ids":["x","y"],"first":"x"}',
    );
    assert.equal(shapeInput({ inputPath: '$.detail.items[*].id' }, ctx(event)), '["x","y"]');
    assert.equal(shapeInput({ inputPath: '$.detail.nothing[*]' }, ctx(event)), '[]');
  });

  test('a "<" without a closing ">" on the same line is text', () => {
    assert.equal(transform('a < b\nfirst: <first>', paths, event), 'a < b\nfirst: x');
  });

  test('an inputPath that selects nothing gives an empty body', () => {
    assert.equal(shapeInput({ inputPath: '$.detail.absent' }, ctx(event)), '');
  });
});

describe('shapeInput: modes', () => {
  test('no shaping sends the event exactly as stored', () => {
    assert.equal(shapeInput(undefined, ctx()), EC2_EVENT);
    assert.equal(shapeInput({}, ctx()), EC2_EVENT);
  });

  test('input is sent verbatim', () => {
    assert.equal(shapeInput({ input: '{"fixed": 1.50}' }, ctx()), '{"fixed": 1.50}');
  });

  test('inputPath "$" is the whole event', () => {
    assert.equal(shapeInput({ inputPath: '$' }, ctx()), JSON.stringify(JSON.parse(EC2_EVENT)));
  });

  test('invalid configuration and non-JSON events throw InputShapingError', () => {
    assert.throws(() => shapeInput({ inputPath: "$['a']" }, ctx()), InputShapingError);
    const bad: InputShaping = { inputPath: '$.detail' };
    assert.throws(() => shapeInput(bad, ctx('{not json')), /event is not valid JSON/);
  });
});
