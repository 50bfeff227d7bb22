import type { FormErrors, TargetForm } from './target-model';

/** A map as `name: value` lines. */
export function lines(map: Record<string, string> | undefined): string {
  return Object.entries(map ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** `name: value` lines as a map; a line without a name and a colon is an error on `key`. */
export function pairs(
  text: string,
  key: keyof TargetForm,
  label: string,
  errors: FormErrors,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const at = line.indexOf(':');
    if (at <= 0) errors[key] = `${label} "${line}" is not "name: value".`;
    else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** A whole number in [min, max] typed in a field, undefined when blank; else an error on `key`. */
export function integer(
  text: string,
  min: number,
  max: number,
  key: keyof TargetForm,
  errors: FormErrors,
): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    errors[key] = `Must be a whole number from ${min} to ${max}.`;
  return n;
}

/** Whether a field of the form is blank. */
export const blank = (f: TargetForm, key: keyof TargetForm): boolean => String(f[key]).trim() === '';
