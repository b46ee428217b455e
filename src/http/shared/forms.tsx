// Form building blocks following the government design pattern: an error summary at the top linked
// to each field, labels, hints and errors tied to inputs with aria-describedby, large targets.
// Guarantees: every input has a visible label and an id; errors are announced and focusable.
import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../core/errors.ts';
import type { Language } from '../../core/store.ts';
import { errorMessage, type Translator } from '../../i18n/i18n.ts';

export type FieldView = { name: string; label: string; hint?: string; errors: string[] };

/** The localised messages of a field's errors. */
export function fieldMessages(language: Language, errors: FieldErrors | undefined, field: string): string[] {
  return (errors?.[field] ?? []).map((error) => errorMessage(language, error));
}

/** Each message links to its field's control; a message without an id (a whole-form problem) is plain text. */
export function ErrorSummary(props: { t: Translator; fields: Array<{ id?: string | undefined; messages: string[] }> }) {
  const withErrors = props.fields.filter((field) => field.messages.length > 0);
  if (withErrors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-autofocus>
      <h2 id="error-summary-title" class="error-summary-title">
        {props.t('form.error_summary_title')}
      </h2>
      <ul class="error-summary-list">
        {withErrors.flatMap((field) =>
          field.messages.map((message) => <li>{field.id ? <a href={`#${field.id}`}>{message}</a> : message}</li>),
        )}
      </ul>
    </div>
  );
}

type InputProps = {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  errors: string[];
  value?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text';
  maxLength?: number;
  dir?: 'ltr' | 'rtl' | 'auto';
  required?: boolean;
  describedByExtra?: string;
  /** A narrow input for short values such as a 6-digit code. */
  short?: boolean;
  children?: ComponentChildren;
};

export function TextField(props: InputProps) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.errors.length > 0 ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId, props.describedByExtra].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.errors.length > 0 ? 'field field-invalid' : 'field'}>
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <p class="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {errorId && (
        <p class="field-error" id={errorId}>
          {props.errors.map((message) => (
            <span class="field-error-line">{message}</span>
          ))}
        </p>
      )}
      <input
        class={props.short ? 'input input-short' : 'input'}
        id={props.id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        dir={props.dir}
        required={props.required}
        aria-invalid={props.errors.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {props.children}
    </div>
  );
}

export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name="_csrf" value={props.token} /> : null;
}
