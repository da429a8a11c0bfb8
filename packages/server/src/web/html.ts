/**
 * A tiny tagged template for server-rendered pages: every interpolated value is HTML-escaped unless it is
 * already {@link SafeHtml} (the result of another `html` call). Escaping by default means a user's token
 * name or display name can never become markup.
 */

/**
 * Markup that is already escaped and may be inserted as is.
 *
 * @example
 * html`<p>${new SafeHtml('<b>trusted</b>')}</p>`;
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for use in element content and in quoted attribute values.
 *
 * @example
 * escapeHtml('<b>"hi"</b>'); // '&lt;b&gt;&quot;hi&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  // Conditionals such as `${error && html`…`}` leave false/null/undefined: they render as nothing.
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Builds escaped markup. Arrays are joined, `null`/`undefined`/`false` render as nothing.
 *
 * @example
 * const row = html`<td>${token.name}</td>`;           // the name is escaped
 * const list = html`<ul>${names.map((n) => html`<li>${n}</li>`)}</ul>`;
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}
