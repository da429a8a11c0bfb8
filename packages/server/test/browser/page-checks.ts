/**
 * Checks the browser test runs on every page and size: nothing wider than the viewport, dialogs fully in
 * view, buttons that take a real click, and times shown in the browser's own time zone.
 */
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';

/**
 * No horizontal overflow (`scrollWidth <= innerWidth`), the header band as wide as the viewport, and the
 * given dialog entirely inside the viewport.
 */
export async function checkLayout(page: Page, dialog?: Locator): Promise<void> {
  const size = await page.evaluate<{ innerWidth: number; innerHeight: number; scrollWidth: number; header: number; tables: number }>(`({
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    header: document.querySelector('.site-header').getBoundingClientRect().width,
    tables: [...document.querySelectorAll('.table-wrap')].filter((el) => el.scrollWidth > el.clientWidth).length,
  })`);
  expect(size.scrollWidth, `page ${page.url()} is wider than the ${size.innerWidth} px viewport`).to.be.at.most(size.innerWidth);
  expect(Math.round(size.header), 'the header band spans the viewport').to.equal(size.innerWidth);
  expect(size.tables, 'tables that need scrolling sideways').to.equal(0);
  if (dialog) {
    const box = (await dialog.boundingBox())!;
    expect(box.x, 'dialog left edge').to.be.at.least(0);
    expect(box.y, 'dialog top edge').to.be.at.least(0);
    expect(box.x + box.width, 'dialog right edge').to.be.at.most(size.innerWidth);
    expect(box.y + box.height, 'dialog bottom edge').to.be.at.most(size.innerHeight);
    // Centred: the margins left and right differ by at most a pixel.
    expect(Math.abs(box.x - (size.innerWidth - box.x - box.width))).to.be.at.most(1);
  }
}

/**
 * Clicks every visible button inside `scope` except those named in `skip`, with playwright's actionability
 * checks (no `force`): a button hidden under another element fails here.
 */
export async function clickEveryButton(scope: Locator, skip: readonly string[]): Promise<void> {
  const buttons = scope.getByRole('button');
  const count = await buttons.count();
  let clicked = 0;
  for (let i = 0; i < count; i += 1) {
    const button = buttons.nth(i);
    if (!(await button.isVisible()) || skip.includes((await button.textContent())!.trim())) continue;
    await button.click({ timeout: 5000 });
    clicked += 1;
  }
  expect(clicked, 'buttons clicked').to.be.greaterThan(0);
}

/** What the page shows for each `<time data-when>`. */
interface ShownTime {
  iso: string;
  text: string;
  title: string;
  relative: string;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Every `<time data-when>` on the page shows its instant in `timeZone` with date and time (what
 * `Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone })` gives), the exact
 * UTC instant as its tooltip, and a relative form after it. Resolves the relative forms shown.
 */
export async function expectLocalTimes(page: Page, timeZone: string): Promise<{ relative: string[] }> {
  expect(await page.evaluate<string>('Intl.DateTimeFormat().resolvedOptions().timeZone')).to.equal(timeZone);
  const shown = await page.locator('#token-rows time[data-when][datetime]').evaluateAll((elements) =>
    elements.map((el) => ({
      iso: el.getAttribute('datetime')!,
      text: el.textContent ?? '',
      title: el.getAttribute('title') ?? '',
      relative: el.nextElementSibling?.classList.contains('relative') ? (el.nextElementSibling.textContent ?? '') : '',
    })),
  );
  expect(shown.length, 'times on the page').to.be.greaterThan(0);
  const format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  for (const time of shown as ShownTime[]) {
    expect(normalize(time.text), `${time.iso} in ${timeZone}`).to.equal(normalize(format.format(new Date(time.iso))));
    expect(time.title).to.equal(`${time.iso.slice(0, 19)}Z (UTC)`);
    expect(time.relative).to.match(/^(in \d+ \w+|\d+ \w+ ago|now|yesterday|tomorrow)$/);
  }
  return { relative: shown.map((t) => t.relative) };
}

/** No date, time or token end in the tokens table is broken over two lines (each is one line box). */
export async function expectUnbrokenValues(page: Page): Promise<void> {
  const broken = await page.evaluate<string[]>(
    `[...document.querySelectorAll('#token-rows time, #token-rows code')].filter((el) => el.getClientRects().length > 1).map((el) => el.textContent)`,
  );
  expect(broken, 'values broken over lines').to.deep.equal([]);
}
