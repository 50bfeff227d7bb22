import type { ChangeEvent } from 'react';
import type { FormErrors, TargetForm } from './target-model';

type TextKey = { [K in keyof TargetForm]: TargetForm[K] extends string ? K : never }[keyof TargetForm];

/** Props that bind a text control to one field of the target form. */
export interface Binder {
  form: TargetForm;
  errors: FormErrors;
  set: (patch: Partial<TargetForm>) => void;
  text: (key: TextKey) => {
    value: string;
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  };
}

export function binder(
  form: TargetForm,
  errors: FormErrors,
  set: (patch: Partial<TargetForm>) => void,
): Binder {
  return {
    form,
    errors,
    set,
    text: (key) => ({ value: form[key], onChange: (e) => set({ [key]: e.target.value }) }),
  };
}
