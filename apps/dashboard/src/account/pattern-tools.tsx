import { useState } from 'react';
import { ApiError, seg, isPatternError } from '../api/client';
import type { RuleExplanation } from '../api/types';
import { useApi } from '../session/session-context';
import { Field } from '../ui/field';
import { StateBadge } from '../ui/format';
import { ErrorNote } from '../ui/notices';
import { Table } from '../ui/table';
import { jsonProblem, rememberEvent, rememberedEvent } from './sample-event';

/**
 * A pasted event run against a pattern (TestEventPattern, with the editor's unsaved pattern when
 * `pattern` is given) and against every saved rule of the bus ("explain": which field failed).
 */
export function PatternTools(props: {
  bus: string;
  pattern?: string;
  highlightRule?: string;
  onPatternError?: (message: string | undefined) => void;
  event?: string;
  onEventChange?: (event: string) => void;
}) {
  const api = useApi();
  const [ownEvent, setOwnEvent] = useState(() => rememberedEvent(props.bus));
  const event = props.event ?? ownEvent;
  const setEvent =
    props.onEventChange ??
    ((text: string) => {
      rememberEvent(props.bus, text);
      setOwnEvent(text);
    });
  const [eventError, setEventError] = useState<string>();
  const [result, setResult] = useState<boolean>();
  const [explained, setExplained] = useState<RuleExplanation[]>();
  const [error, setError] = useState<unknown>();

  const checkEvent = () => {
    const problem = jsonProblem(event);
    setEventError(problem);
    return problem === undefined;
  };

  const test = async () => {
    setResult(undefined);
    setError(undefined);
    if (!checkEvent() || props.pattern === undefined) return;
    const patternProblem = jsonProblem(props.pattern);
    props.onPatternError?.(patternProblem);
    if (patternProblem) return;
    try {
      const r = await api.post<{ result: boolean }>('/v1/test-event-pattern', {
        eventPattern: props.pattern,
        event,
      });
      setResult(r.result);
    } catch (err) {
      if (isPatternError(err)) props.onPatternError?.(err.message);
      else if (err instanceof ApiError && err.code === 'ValidationException') setEventError(err.message);
      else setError(err);
    }
  };

  const explain = async () => {
    setExplained(undefined);
    setError(undefined);
    if (!checkEvent()) return;
    try {
      const r = await api.post<{ items: RuleExplanation[] }>(`/v1/event-buses/${seg(props.bus)}/explain`, {
        event,
      });
      setExplained(r.items);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ValidationException') setEventError(err.message);
      else setError(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="pattern-tools">
      <h2 id="pattern-tools">Try an event</h2>
      <Field
        label="Sample event (JSON envelope)"
        error={eventError}
        hint="Paste an event, e.g. the envelope from an event page."
      >
        {(c) => (
          <textarea
            {...c}
            className="code"
            rows={12}
            spellCheck={false}
            value={event}
            onChange={(e) => setEvent(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        {props.pattern !== undefined && (
          <button type="button" onClick={() => void test()}>
            Test pattern
          </button>
        )}
        <button type="button" className="secondary" onClick={() => void explain()}>
          Explain against saved rules
        </button>
      </div>
      <p role="status" className={result === undefined ? 'note' : result ? 'note note-ok' : 'note note-warn'}>
        {result === undefined
          ? ''
          : result
            ? 'The pattern matches this event.'
            : 'The pattern does not match this event.'}
      </p>
      <ErrorNote error={error} />
      {explained && (
        <Table
          caption="Why each rule matched or not"
          rows={explained}
          rowKey={(x) => x.rule}
          empty="This bus has no rules to explain."
          columns={[
            {
              label: 'Rule',
              render: (x) =>
                x.rule === props.highlightRule ? <strong>{x.rule} (this rule)</strong> : x.rule,
            },
            { label: 'State', render: (x) => <StateBadge state={x.state} /> },
            {
              label: 'Result',
              render: (x) =>
                x.matched ? (
                  <span className="match-yes">Matched</span>
                ) : (
                  <span className="match-no">
                    No match at <code>{x.path ?? '(event)'}</code>
                    {x.operator && (
                      <>
                        {' '}
                        (operator <code>{x.operator}</code>)
                      </>
                    )}
                    {x.reason && <>: {x.reason}</>}
                  </span>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
