import { html } from '../html.js';
import type { SafeHtml } from '../html.js';

/**
 * A moment as the pages show it: `<time datetime>` with the exact UTC instant as its tooltip and, until the
 * page script has run, the UTC date and time as text. The script (`data-when`) then writes the viewer's
 * local date and time with a relative form ("in 29 days", "3 hours ago") using the browser's `Intl`.
 *
 * @example
 * html`<td>${when(token.expiresAt, 'Never')}</td>`;
 */
export function when(date: Date | null, empty: string): SafeHtml {
  if (date === null) return html`${empty}`;
  const iso = date.toISOString();
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return html`<time datetime="${iso}" title="${iso.slice(0, 19)}Z (UTC)" data-when>${utc}</time>`;
}
