import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The lab's reach, in Debian's Chromium: the text version of the diagram kept in step with the
 * lab, presentation mode from a link, the embedded view for a course page's iframe, and a tablet's
 * touch screen. Screenshots go to test-results/ for a person to look at; nothing compares pixels.
 */

const HANDOVER = 'v=1&s=pmipv6-handover&step=5&pkt=5';

requireBrowser();

describe.skipIf(!canBrowse || !runnableScenario('pmipv6-handover'))('the lab on every screen, in Chromium', () => {
  const b = browsing({ viewport: { width: 1440, height: 900 } }, { perTest: false });
  const start = (options: Parameters<typeof b.start>[0] = {}): Promise<unknown> => b.start(options);

  async function open(route: string): Promise<void> {
    await b.page.goto(`${b.url}#/${route}`);
    await b.lab.arrows().first().waitFor();
  }

  const hash = (): string => new URL(b.page.url()).hash;

  it('keeps the step notes beside the arrows with the setup column open on a laptop', async () => {
    // The notes need the diagram's whole width: with the setup open, the inspector goes under it.
    await start();
    await open(`lab?${HANDOVER}`);
    await b.page.getByRole('complementary', { name: 'Scenario setup' }).waitFor();
    expect(await b.page.locator('svg .note').count()).toBeGreaterThan(0);
    expect(await b.lab.inspectorTitle().isVisible()).toBe(true);
    await b.page.screenshot({ path: `${SHOTS}reach-laptop-setup.png` });
  });

  it('has a text version, one line per message, in step with the lab, each line opening on its fields', async () => {
    await start();
    await open(`lab?${HANDOVER}`);
    await b.page.getByRole('button', { name: 'Text version' }).click();
    const list = b.page.getByRole('list', { name: 'Messages' });
    const current = list.locator('> li[aria-current="step"]');
    expect(await current.getAttribute('data-index')).toBe('5');
    expect(await current.locator('.line').textContent()).toMatch(/^\s*6\. 0\.\d{3} s MAG1 \(PMA\) → MN: Router Advertisement .* — delivered\s*$/);

    // Stepping with the keyboard moves the mark, and the live region says the new message.
    await b.lab.blur();
    await b.page.keyboard.press('ArrowRight');
    await expect.poll(() => current.getAttribute('data-index')).toBe('6');
    expect(await list.locator('> li[aria-current="step"]').count()).toBe(1);
    await expect.poll(() => b.page.locator('.text-sequence [aria-live="polite"]').textContent()).toMatch(/^Message 7 of \d+: 0\.\d{3} s /);
    expect(hash()).toMatch(/step=6&pkt=6$/);

    // The fields of a message, on demand, as nested label: value lines.
    const fields = current.getByRole('button', { name: /^Fields of message 7$/ });
    expect(await fields.getAttribute('aria-expanded')).toBe('false');
    await fields.click();
    expect(await current.getByRole('button', { name: /^Hide fields of message 7$/ }).getAttribute('aria-expanded')).toBe('true');
    const tree = current.locator('.fields');
    expect(await tree.textContent()).toMatch(/Ethernet II, Src: .*Type: IPv6 \(0x86dd\).*Internet Protocol Version 6, Src: /s);
    expect(await tree.locator('ul ul li').count()).toBeGreaterThan(10);

    // Clicking a line selects that message, as clicking its arrow does; the diagram agrees.
    await list.locator('> li[data-index="2"] .line').click();
    expect(await list.locator('> li[aria-current="step"]').getAttribute('data-index')).toBe('2');
    expect(hash()).toMatch(/step=2&pkt=2$/);
    await b.page.screenshot({ path: `${SHOTS}reach-text-version.png` });
    await b.page.getByRole('button', { name: 'Diagram', exact: true }).click();
    expect(await b.lab.current().getAttribute('data-index')).toBe('2');
  });

  it('offers a skip link to the text version, which lands on the current message', async () => {
    await start();
    await open(`lab?${HANDOVER}`);
    await b.page.keyboard.press('Tab');
    const skip = b.page.getByRole('link', { name: 'Skip to the text version of the diagram' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await b.page.keyboard.press('Enter');
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-current'))).toBe('step');
    expect(hash()).toMatch(/^#\/lab\?v=1&s=pmipv6-handover&step=5&pkt=5$/);
    // The arrow keys step from there, and the focus follows the current line.
    await b.page.keyboard.press('ArrowDown');
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-index'))).toBe('6');
  });

  it('opens in presentation mode from a link: large text, setup folded, and the flag kept in the address', async () => {
    await start({ viewport: { width: 1280, height: 720 } });
    await open(`lab?${HANDOVER}&present=1`);
    expect(await b.page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
    expect(await b.page.getByRole('complementary', { name: 'Scenario setup' }).count()).toBe(0);
    expect(await b.page.getByRole('button', { name: 'Present' }).getAttribute('aria-pressed')).toBe('true');
    // The diagram is drawn larger: its labels are bigger on screen than their 15 px.
    const label = await b.lab.arrow(6).locator('.label').boundingBox();
    expect(label!.height).toBeGreaterThan(19);
    await b.page.screenshot({ path: `${SHOTS}reach-presentation.png` });

    await b.lab.blur();
    await b.page.keyboard.press('ArrowRight');
    await expect.poll(hash).toBe('#/lab?v=1&s=pmipv6-handover&step=6&pkt=6&present=1');
    // P leaves presentation mode (and the flag leaves the address).
    await b.page.keyboard.press('p');
    await expect.poll(hash).toBe('#/lab?v=1&s=pmipv6-handover&step=6&pkt=6');
    expect(await b.page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('16px');
  });

  it('embeds the diagram and the controls only, filling a small frame, with a link to the whole lab', async () => {
    await start({ viewport: { width: 640, height: 400 } });
    await open(`embed?${HANDOVER}`);
    expect(await b.page.getByRole('toolbar', { name: 'Playback' }).isVisible()).toBe(true);
    expect(await b.page.getByRole('button', { name: 'Step forward' }).isVisible()).toBe(true);
    for (const gone of ['#inspector-title', '.lab-bar', '#setup', '[role="tablist"]']) expect(await b.page.locator(gone).count()).toBe(0);
    // All six lifelines fit, and the page itself does not scroll: the frame is filled, not overflowed.
    const heads = await b.page.locator('.lifeline-head').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    expect(heads).toHaveLength(6);
    expect(Math.max(...heads)).toBeLessThanOrEqual(640);
    expect(await b.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([640, 400]);
    const link = b.page.getByRole('link', { name: /^Open in PMIP Lab/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('href')).toBe(`#/lab?${HANDOVER}`);
    await b.page.screenshot({ path: `${SHOTS}reach-embed-640x400.png` });

    // The frame's address follows the step, and the link carries it.
    await b.lab.blur();
    await b.page.keyboard.press('ArrowRight');
    await expect.poll(hash).toBe('#/embed?v=1&s=pmipv6-handover&step=6&pkt=6');
    expect(await link.getAttribute('href')).toBe('#/lab?v=1&s=pmipv6-handover&step=6&pkt=6');
  });

  it('says what is wrong with a bad embedded link, as text, inside the frame', async () => {
    await start({ viewport: { width: 640, height: 400 } });
    await b.page.goto(`${b.url}#/embed?v=1&s=${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`);
    const alert = b.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/This link cannot be opened\..*scenario the lab does not know/s);
    expect(await b.page.locator('img[src="x"]').count()).toBe(0);
    expect(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await b.page.getByRole('link', { name: /^Open in PMIP Lab/ }).isVisible()).toBe(true);
  });

  it('gives the embed code as text to copy, never as a frame in the page', async () => {
    await start();
    await open(`lab?${HANDOVER}`);
    const code = b.page.getByRole('textbox', { name: 'Embed code' });
    const text = await code.inputValue();
    expect(text).toBe(
      `<iframe src="${b.url}#/embed?v=1&amp;s=pmipv6-handover&amp;step=5&amp;pkt=5" title="PMIP Lab: Handover between MAGs" ` +
        'width="800" height="500" style="border: 1px solid #d9dee5; border-radius: 8px; max-width: 100%" loading="lazy"></iframe>',
    );
    expect(await b.page.locator('iframe').count()).toBe(0);
    expect(await code.getAttribute('readonly')).not.toBeNull();
  });

  it('works by touch on a tablet: a tap selects a message, and every control is a 44 px target', async () => {
    await start({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true });
    await open(`lab?${HANDOVER}`);
    // The setup starts folded on a tablet, so the diagram is the first thing under the controls.
    expect(await b.page.getByRole('complementary', { name: 'Scenario setup' }).count()).toBe(0);
    await b.lab.arrow(4).locator('.label').tap();
    expect(await b.lab.current().getAttribute('data-index')).toBe('3');
    expect(hash()).toMatch(/step=3&pkt=3$/);

    const small = await b.page.locator('button:visible').evaluateAll((buttons) =>
      buttons
        .map((b) => ({ name: b.getAttribute('aria-label') ?? b.textContent?.trim(), box: b.getBoundingClientRect() }))
        .filter(({ box }) => box.width < 44 || box.height < 44)
        .map(({ name, box }) => `${name}: ${box.width}×${box.height}`),
    );
    expect(small).toEqual([]);
    await b.page.screenshot({ path: `${SHOTS}reach-tablet.png` });

    // A finger dragged up the diagram scrolls it.
    const scroller = b.page.locator('.diagram-body .scroller');
    const before = await scroller.evaluate((el) => el.scrollTop);
    const box = (await scroller.boundingBox())!;
    const x = Math.round(box.x + box.width / 2);
    const y = Math.round(box.y + box.height - 40);
    const cdp = await b.context.newCDPSession(b.page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 25 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(before + 100);
  });
});
