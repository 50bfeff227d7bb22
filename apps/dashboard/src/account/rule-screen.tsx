import { type FormEvent, useState } from 'react';
import { seg, isPatternError } from '../api/client';
import type { Rule } from '../api/types';
import { Link, navigate, path } from '../router';
import { useApi } from '../session/session-context';
import { useConfirm } from '../ui/confirm';
import { Field } from '../ui/field';
import { ErrorNote, Loading, StatusMessage } from '../ui/notices';
import { Screen } from '../ui/screen';
import { useLoad } from '../ui/use-load';
import { PatternTools } from './pattern-tools';
import { jsonProblem, rememberEvent, rememberedEvent } from './sample-event';
import { TargetsPanel } from './targets-panel';

const NEW_PATTERN = (bus: string) =>
  JSON.stringify({ source: [bus.startsWith('aws.partner/') ? bus : { prefix: '' }] }, null, 2);

/** The rule editor (pattern as JSON text), its tester and explain view, and its targets. */
export function RuleScreen({ bus, rule }: { bus: string; rule?: string }) {
  const api = useApi();
  const loaded = useLoad(
    () =>
      rule ? api.get<Rule>(`/v1/event-buses/${seg(bus)}/rules/${seg(rule)}`) : Promise.resolve(undefined),
    [api, bus, rule],
  );
  const [event, setEventState] = useState(() => rememberedEvent(bus));
  const setEvent = (text: string) => {
    rememberEvent(bus, text);
    setEventState(text);
  };
  const title = rule ? `Rule ${rule}` : 'New rule';
  return (
    <Screen title={title}>
      <p className="crumbs">
        <Link href={path('buses', bus)}>Bus {bus}</Link>
      </p>
      <ErrorNote error={loaded.error} title="Could not load the rule:" />
      {loaded.loading && !loaded.data && rule && <Loading what="the rule" />}
      {(!rule || loaded.data) && (
        <RuleEditor
          key={loaded.data?.arn ?? 'new'}
          bus={bus}
          rule={loaded.data}
          event={event}
          setEvent={setEvent}
        />
      )}
      {rule && loaded.data && <TargetsPanel bus={bus} rule={loaded.data} event={event} />}
    </Screen>
  );
}

function RuleEditor(props: { bus: string; rule?: Rule; event: string; setEvent: (e: string) => void }) {
  const { bus, rule } = props;
  const api = useApi();
  const [dialog, confirm] = useConfirm();
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  // A PUT replaces the rule, so the role (set by Terraform, say) is sent back unless it is cleared.
  const [roleArn, setRoleArn] = useState(rule?.roleArn ?? '');
  const [state, setState] = useState<Rule['state']>(rule?.state ?? 'ENABLED');
  const [pattern, setPattern] = useState(rule ? pretty(rule.eventPattern) : NEW_PATTERN(bus));
  const [patternError, setPatternError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    const problem = jsonProblem(pattern);
    setPatternError(problem);
    if (problem) return;
    setSaving(true);
    try {
      const ruleName = rule?.name ?? name.trim();
      // The pattern goes as text: the server keeps the exact number text, as AWS does.
      await api.put(`/v1/event-buses/${seg(bus)}/rules/${seg(ruleName)}`, {
        eventPattern: pattern,
        state,
        ...(description ? { description } : {}),
        ...(roleArn.trim() ? { roleArn: roleArn.trim() } : {}),
      });
      if (rule) setStatus('Rule saved.');
      else navigate(path('buses', bus, 'rules', ruleName), { replace: true });
    } catch (err) {
      if (isPatternError(err)) setPatternError(err.message);
      else setError(err);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!rule) return;
    const ok = await confirm({
      title: `Delete rule ${rule.name}?`,
      body: (
        <p>The rule and its targets are removed. Deliveries already recorded stay in the event traces.</p>
      ),
      confirmLabel: 'Delete rule',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(`/v1/event-buses/${seg(bus)}/rules/${seg(rule.name)}`);
      navigate(path('buses', bus), { replace: true });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      {dialog}
      <form className="panel" onSubmit={save} noValidate>
        <h2>Rule</h2>
        {!rule && (
          <Field label="Rule name" hint="1–64 of letters, digits, . - _">
            {(c) => (
              <input
                {...c}
                required
                pattern="[.\-_A-Za-z0-9]{1,64}"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="row">
          <Field label="State">
            {(c) => (
              <select {...c} value={state} onChange={(e) => setState(e.target.value as Rule['state'])}>
                <option value="ENABLED">Enabled</option>
                <option value="DISABLED">Disabled</option>
              </select>
            )}
          </Field>
          <Field label="Description" className="grow">
            {(c) => <input {...c} value={description} onChange={(e) => setDescription(e.target.value)} />}
          </Field>
        </div>
        <Field
          label="IAM role ARN (optional)"
          hint="Kept and shown to EventBridge tools (AWS's RoleArn); Hookbridge does not assume it."
        >
          {(c) => (
            <input
              {...c}
              value={roleArn}
              placeholder="arn:aws:iam::123456789012:role/name"
              onChange={(e) => setRoleArn(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="Event pattern (JSON)"
          error={patternError}
          hint="EventBridge pattern syntax: prefix, suffix, anything-but, numeric, exists, wildcard, $or …"
        >
          {(c) => (
            <textarea
              {...c}
              className="code"
              rows={10}
              spellCheck={false}
              value={pattern}
              onChange={(e) => {
                setPattern(e.target.value);
                setPatternError(undefined);
              }}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={saving || (!rule && name.trim() === '')}>
            {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
          </button>
          {rule && (
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete rule
            </button>
          )}
        </div>
        <StatusMessage>{status}</StatusMessage>
        <ErrorNote error={error} />
      </form>
      <PatternTools
        bus={bus}
        pattern={pattern}
        highlightRule={rule?.name}
        onPatternError={setPatternError}
        event={props.event}
        onEventChange={props.setEvent}
      />
    </>
  );
}

/** A stored one-line pattern indented for editing, when that cannot change its text (number text). */
function pretty(text: string): string {
  if (text.includes('\n')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return JSON.stringify(value) === text ? JSON.stringify(value, null, 2) : text;
  } catch {
    return text;
  }
}
