import { shapeInput } from '@hookbridge/input-shaper';
import type { Rule } from '../api/types';
import { shapingFromForm, type TargetForm } from './target-model';

/**
 * What the target would receive for the sample event, computed in the browser by the same pure
 * function the worker uses (libs/targets/input, bundled through a Vite alias).
 */
export function InputPreview({ form, rule, event }: { form: TargetForm; rule: Rule; event: string }) {
  let body: string;
  let failed = false;
  const { shaping, errors } = shapingFromForm(form);
  if (errors.inputPathsMap) {
    body = errors.inputPathsMap;
    failed = true;
  } else {
    try {
      body = shapeInput(shaping, {
        eventJson: event,
        ruleArn: rule.arn,
        ruleName: rule.name,
        ingestionTime: new Date(),
      });
    } catch (err) {
      body = (err as Error).message;
      failed = true;
    }
  }
  return (
    <section className="preview" aria-labelledby="input-preview">
      <h3 id="input-preview">{failed ? 'Input preview: cannot shape the sample event' : 'Input preview'}</h3>
      <p className="hint">For the sample event of this page (edit it under “Try an event”).</p>
      <pre className={failed ? 'json json-error' : 'json'} aria-live="polite" tabIndex={0}>
        {body === '' ? '(empty body)' : body}
      </pre>
    </section>
  );
}
