import type { Child } from 'hono/jsx';

/**
 * Small building blocks of the server-rendered pages, shared by the public pages, the
 * learner space and the admin console: they carry the accessibility wiring (labels,
 * hints and errors tied with aria-describedby, headings linked to their sections).
 */

export type Tone = 'success' | 'danger' | 'warning' | 'info';

/** A highlighted message; the tone is also said in words by its content, never by colour alone. */
export function Notice({ tone, id, labelledBy, children }: { tone: Tone; id?: string; labelledBy?: string; children?: Child }) {
  return (
    <div class={`notice notice--${tone}`} id={id} role={labelledBy ? 'region' : undefined} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}

/** The outcome of the form just sent ("saved", "revoked"...), announced politely; nothing when there is none. */
export function StatusNotice({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <Notice tone="success">
      <p role="status">{message}</p>
    </Notice>
  );
}

/** A titled section of a page, announced by its heading (h2 by default). */
export function Section({ id, title, level = 2, children }: { id: string; title: string; level?: 2 | 3; children?: Child }) {
  const headingId = `${id}-title`;
  return (
    <section class="section" id={id} aria-labelledby={headingId}>
      {level === 2 ? <h2 id={headingId}>{title}</h2> : <h3 id={headingId}>{title}</h3>}
      {children}
    </section>
  );
}

export interface Fact {
  term: string;
  value: Child;
  /** The language of the value when it is not the page's (text taken from a credential). */
  lang?: string;
}

/** Term / value pairs (a description list); facts without a value are left out. */
export function FactList({ facts }: { facts: Fact[] }) {
  const shown = facts.filter((fact) => fact.value !== undefined && fact.value !== null && fact.value !== '');
  return (
    <dl class="facts">
      {shown.map((fact) => (
        <>
          <dt>{fact.term}</dt>
          <dd lang={fact.lang}>{fact.value}</dd>
        </>
      ))}
    </dl>
  );
}

/** A link to a URL taken from data: only http(s) becomes a link (a `javascript:` URL stays text). */
export function ExternalLink({ href, children }: { href: string; children?: Child }) {
  const safe = /^https?:\/\//i.test(href) && URL.canParse(href);
  return safe ? <a href={href} rel="noopener noreferrer">{children ?? href}</a> : <span class="mono">{children ?? href}</span>;
}

export interface FieldError {
  /** The id of the control in error (the summary links to it). */
  field: string;
  message: string;
}

/** The list of errors at the top of a form, each linking to its field (GOV.UK pattern). */
export function ErrorSummary({ title, errors }: { title: string; errors: FieldError[] }) {
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      <ul class="plain-list">
        {errors.map((error) => (
          <li>
            <a href={`#${error.field}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, hint, error, children }: FieldProps & { children?: Child }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? <span class="field__hint" id={`${id}-hint`}>{hint}</span> : null}
      {error ? <span class="field__error" id={`${id}-error`}>{error}</span> : null}
      {children}
    </div>
  );
}

/** A labelled multi-line text field with its hint and error. */
export function TextAreaField(props: FieldProps & { value?: string; rows?: number; spellcheck?: boolean }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.id}
        name={props.name}
        rows={props.rows ?? 10}
        spellcheck={props.spellcheck ?? false}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

/** A labelled file field with its hint and error. */
export function FileField(props: FieldProps & { accept?: string }) {
  return (
    <FieldFrame {...props}>
      <input
        type="file"
        id={props.id}
        name={props.name}
        accept={props.accept}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

/** A labelled single-line input with its hint and error. */
export function InputField(props: FieldProps & {
  type?: string; value?: string; required?: boolean; min?: number; max?: number;
  inputmode?: 'numeric' | 'text' | 'url'; autocomplete?: string; size?: 'short' | 'long';
}) {
  return (
    <FieldFrame {...props}>
      <input
        class={`input input--${props.size ?? 'long'}`}
        type={props.type ?? 'text'}
        id={props.id}
        name={props.name}
        value={props.value}
        required={props.required}
        min={props.min}
        max={props.max}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

/** A labelled select with its hint and error. */
export function SelectField(props: FieldProps & { options: Array<{ value: string; label: string }>; value?: string }) {
  return (
    <FieldFrame {...props}>
      <select class="input" id={props.id} name={props.name} aria-describedby={describedBy(props.id, props.hint, props.error)} aria-invalid={props.error ? 'true' : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A group of checkboxes under a legend, with its hint and error (the error summary links to the group). */
export function CheckboxGroupField(props: FieldProps & { options: Array<{ value: string; label: string }>; checked: readonly string[]; empty?: string }) {
  return (
    <fieldset id={props.id} class={props.error ? 'field field--error' : 'field'} aria-describedby={describedBy(props.id, props.hint, props.error)}>
      <legend>{props.label}</legend>
      {props.hint ? <span class="field__hint" id={`${props.id}-hint`}>{props.hint}</span> : null}
      {props.error ? <span class="field__error" id={`${props.id}-error`}>{props.error}</span> : null}
      {props.options.length === 0 && props.empty ? <p>{props.empty}</p> : null}
      {props.options.map((o) => (
        <label class="checkbox" for={`${props.id}-${o.value}`}>
          <input type="checkbox" id={`${props.id}-${o.value}`} name={props.name} value={o.value} checked={props.checked.includes(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A print button: hidden without JavaScript (the browser's print command still works), revealed by /assets/site.js. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" class="button button--secondary no-print" data-print hidden>
      {label}
    </button>
  );
}
