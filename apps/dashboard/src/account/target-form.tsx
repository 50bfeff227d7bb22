import { type FormEvent, useState } from 'react';
import type { Rule, Target } from '../api/types';
import { Field } from '../ui/field';
import { binder } from './form-binding';
import { ApiDestinationFields } from './api-destination-fields';
import { EventBridgeFields } from './eventbridge-fields';
import { HttpFields } from './http-fields';
import { InputPreview } from './input-preview';
import { type FormErrors, type InputMode, type TargetForm as Form, targetFromForm } from './target-model';
import type { StoredSecrets } from './target-secrets';

const INPUT_MODES: Array<[InputMode, string]> = [
  ['event', 'The matched event'],
  ['input', 'Constant JSON (Input)'],
  ['inputPath', 'Part of the event (InputPath)'],
  ['inputTransformer', 'Input transformer'],
];

/** The add/edit form of one target; `onSave` gets a valid PUT …/targets entry. */
export function TargetForm(props: {
  initial: Form;
  editing: boolean;
  /** What the target being edited keeps sealed; blank credential fields keep it. */
  stored?: StoredSecrets;
  rule: Rule;
  event: string;
  saving: boolean;
  onSave: (t: Target) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(props.initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const b = binder(form, errors, (patch) => setForm((f) => ({ ...f, ...patch })));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { target, errors: found } = targetFromForm(form, props.stored);
    setErrors(found);
    if (target) props.onSave(target);
  };

  return (
    <form className="panel target-form" onSubmit={submit} noValidate aria-labelledby="target-form-title">
      <h3 id="target-form-title">{props.editing ? `Edit target ${form.id}` : 'New target'}</h3>
      <div className="row">
        <Field label="Target id" error={errors.id}>
          {(c) => <input {...c} required readOnly={props.editing} {...b.text('id')} />}
        </Field>
      </div>
      <fieldset className="choices">
        <legend>Type</legend>
        {(
          [
            ['http', 'HTTP endpoint'],
            ['eventbridge', 'AWS EventBridge'],
            ['bus', 'Another bus'],
            ['api-destination', 'API destination'],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="target-type"
              checked={form.type === value}
              onChange={() => b.set({ type: value })}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {form.type === 'http' && <HttpFields b={b} stored={props.stored} />}
      {form.type === 'eventbridge' && <EventBridgeFields b={b} stored={props.stored} />}
      {form.type === 'api-destination' && <ApiDestinationFields b={b} />}
      {form.type === 'bus' && (
        <Field label="Bus name" error={errors.busName} hint="A bus of this account.">
          {(c) => <input {...c} {...b.text('busName')} />}
        </Field>
      )}

      <fieldset>
        <legend>Input sent to the target</legend>
        <div className="choices">
          {INPUT_MODES.map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="input-mode"
                checked={form.inputMode === value}
                onChange={() => b.set({ inputMode: value })}
              />{' '}
              {label}
            </label>
          ))}
        </div>
        {form.inputMode === 'input' && (
          <Field label="Input (JSON text)">
            {(c) => <textarea {...c} className="code" rows={3} {...b.text('input')} />}
          </Field>
        )}
        {form.inputMode === 'inputPath' && (
          <Field label="Input path" hint="e.g. $.detail">
            {(c) => <input {...c} className="code" {...b.text('inputPath')} />}
          </Field>
        )}
        {form.inputMode === 'inputTransformer' && (
          <>
            <Field label="Input paths map (JSON)" error={errors.inputPathsMap}>
              {(c) => (
                <textarea {...c} className="code" rows={4} spellCheck={false} {...b.text('inputPathsMap')} />
              )}
            </Field>
            <Field label="Input template" hint='Use <name> for a variable, e.g. {"order": <order>}.'>
              {(c) => (
                <textarea {...c} className="code" rows={3} spellCheck={false} {...b.text('inputTemplate')} />
              )}
            </Field>
          </>
        )}
        <InputPreview form={form} rule={props.rule} event={props.event} />
      </fieldset>

      <fieldset>
        <legend>Retries and dead letters</legend>
        <div className="row">
          <Field label="Maximum retry attempts" error={errors.maximumRetryAttempts} hint="0–185; empty: 185">
            {(c) => <input {...c} inputMode="numeric" {...b.text('maximumRetryAttempts')} />}
          </Field>
          <Field
            label="Maximum event age (seconds)"
            error={errors.maximumEventAgeInSeconds}
            hint="60–86 400; empty: 86 400"
          >
            {(c) => <input {...c} inputMode="numeric" {...b.text('maximumEventAgeInSeconds')} />}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.deadLetter}
            onChange={(e) => b.set({ deadLetter: e.target.checked })}
          />{' '}
          Keep failed deliveries as dead letters (to inspect and redrive)
        </label>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={props.saving}>
          {props.saving ? 'Saving…' : 'Save target'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
