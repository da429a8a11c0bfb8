import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MIN_PASSWORD_LENGTH } from '../../services/users.js';
import { html } from '../html.js';
import type { SafeHtml } from '../html.js';
import { layout } from '../layout.js';

/** What the sign-in page shows. */
export interface SignInPageInput {
  csrfToken: string;
  /** Kept in the field after a failed attempt, so only the password is typed again. */
  email?: string;
  /** Shown above the form and announced by screen readers. */
  error?: string;
  /** Whether to link to the sign-up page. */
  signupEnabled: boolean;
}

function errorBox(error: string | undefined): SafeHtml | false {
  return error !== undefined && html`<p class="alert" role="alert" id="form-error">${error}</p>`;
}

/**
 * The sign-in page: email and password, and a link to sign up when that is on.
 *
 * @example
 * res.status(401).send(signInPage({ csrfToken, email, error: 'Wrong email or password', signupEnabled: true }).toString());
 */
export function signInPage({ csrfToken, email = '', error, signupEnabled }: SignInPageInput): SafeHtml {
  const described = error !== undefined ? html` aria-describedby="form-error"` : '';
  return layout({
    title: 'Sign in',
    main: html`<section class="card narrow">
  <h1>Sign in</h1>
  ${errorBox(error)}
  <form method="post" action="/login"${described}>
    <input type="hidden" name="_csrf" value="${csrfToken}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${email}" ${email === '' ? html`autofocus` : ''}>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required ${email !== '' ? html`autofocus` : ''}>
    <button type="submit" class="button primary">Sign in</button>
  </form>
  ${signupEnabled && html`<p class="hint">No account yet? <a href="/signup">Create one</a>.</p>`}
</section>`,
  });
}

/** What the sign-up page shows. */
export interface SignUpPageInput {
  csrfToken: string;
  name?: string;
  email?: string;
  error?: string;
}

export { MIN_PASSWORD_LENGTH } from '../../services/users.js';

/**
 * The sign-up page: name, email and password.
 *
 * @example
 * res.send(signUpPage({ csrfToken }).toString());
 */
export function signUpPage({ csrfToken, name = '', email = '', error }: SignUpPageInput): SafeHtml {
  return layout({
    title: 'Create an account',
    main: html`<section class="card narrow">
  <h1>Create an account</h1>
  ${errorBox(error)}
  <form method="post" action="/signup">
    <input type="hidden" name="_csrf" value="${csrfToken}">
    <label for="name">Name</label>
    <input id="name" name="name" type="text" autocomplete="name" required maxlength="${MAX_NAME_LENGTH}" value="${name}" autofocus>
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="email" required maxlength="${MAX_EMAIL_LENGTH}" value="${email}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}" aria-describedby="password-hint">
    <p class="hint" id="password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</p>
    <button type="submit" class="button primary">Create account</button>
  </form>
  <p class="hint">Already have an account? <a href="/login">Sign in</a>.</p>
</section>`,
  });
}

/**
 * A plain page for an error status (403, 404, 429…), with a way back.
 *
 * @example
 * res.status(404).send(statusPage('Not found', 'There is no page here.').toString());
 */
export function statusPage(title: string, message: string): SafeHtml {
  return layout({
    title,
    main: html`<section class="card narrow">
  <h1>${title}</h1>
  <p>${message}</p>
  <p><a href="/">Back to patgate</a></p>
</section>`,
  });
}
