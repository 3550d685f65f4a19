import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PacketEvent } from '../../src/sim/trace';
import { exampleCapture, exampleTrace } from '../../src/ui/example-trace';
import { keyAt, nodeOf } from '../../src/ui/inspector/hit';
import { fromHex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { writePcapng } from '../../src/wire/pcapng';
import { launch, missingBrowser, mustFail, serve } from './support/browser';
import { teachingTrace } from './support/teaching-trace';
import { LabPage } from './support/lab';

/*
 * The lab end to end, in Debian's Chromium: open the example capture, click a message, read its
 * bytes in the inspector, point at a byte, step with the keyboard; open files by the picker and by
 * drag and drop, damaged ones included. Screenshots go to test-results/ for a person to look at;
 * nothing compares pixels.
 */

const SHOTS = new URL('../../test-results/', import.meta.url).pathname;
const packets = exampleTrace().events.filter((e): e is PacketEvent => e.kind === 'packet');
const sampleFile = writePcapng(exampleCapture());

if (missingBrowser) {
  if (mustFail) {
    it('runs the browser tests under CI', () => {
      throw new Error(missingBrowser);
    });
  } else {
    console.warn(`Skipping the browser tests: ${missingBrowser}.`);
  }
}

describe.skipIf(missingBrowser !== undefined)('the lab in Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let context: BrowserContext;
  let page: Page;
  let lab: LabPage;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [browser, server] = await Promise.all([launch(), serve()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function start(options: Parameters<Browser['newContext']>[0] = {}): Promise<void> {
    context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce', ...options });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    lab = new LabPage(page);
  }

  beforeEach(async () => {
    errors = [];
    await start();
  });

  afterEach(async () => {
    await context.close();
    expect(errors).toEqual([]);
  });

  it('is reached from the landing page', async () => {
    await page.goto(server.url);
    await page.screenshot({ path: `${SHOTS}landing.png` });
    await page.getByRole('link', { name: 'Open the lab' }).first().click();
    await expect.poll(() => page.url()).toMatch(/#\/lab$/);
    await page.getByRole('heading', { name: 'Open a packet capture' }).waitFor();
    await page.screenshot({ path: `${SHOTS}lab-start.png` });
  });

  it('opens the example capture, and the third message shows the same bytes as the trace', async () => {
    await lab.open(server.url);
    await lab.openExample();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await lab.arrows().count()).toBeGreaterThan(5);
    expect(await lab.arrows().count()).toBeLessThanOrEqual(packets.length);

    await lab.clickArrow(3);
    await expect.poll(() => lab.current().getAttribute('data-index')).toBe('2');
    expect(await lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 3\\s*of ${packets.length}`));
    expect(await lab.hexBytes()).toBe(packets[2]!.bytes);
    await page.screenshot({ path: `${SHOTS}lab-example-3.png` });
  });

  it('names each message for a screen reader: number, endpoints, summary and time', async () => {
    await lab.open(server.url);
    await lab.openExample();
    const p = packets[2]!;
    await expect.poll(() => lab.arrow(3).getAttribute('aria-label')).toBe(`3. ${p.from} → ${p.to} ${p.summary}, 0.002 s`);
  });

  it('highlights the field under a hex byte, and the bytes of a field picked in the tree', async () => {
    await lab.open(server.url);
    await lab.openExample();
    await lab.clickArrow(1);

    // Frame 1 is Ethernet + IPv4 + UDP: the source address is bytes 26–29.
    await lab.hexByte(27).hover();
    await expect.poll(() => lab.field('ip.src').getAttribute('class')).toMatch(/\bhovered\b/);
    for (const o of [26, 29]) expect(await lab.hexByte(o).getAttribute('class')).toMatch(/\bhover\b/);
    expect(await lab.hexByte(30).getAttribute('class')).not.toMatch(/\bhover\b/);
    await expect.poll(() => page.locator('.status code').textContent()).toBe('ip.src');
    await page.screenshot({ path: `${SHOTS}lab-hover-byte.png` });

    await lab.field('ip.dst').click();
    for (const o of [30, 33]) expect(await lab.hexByte(o).getAttribute('class')).toMatch(/\bpick\b/);
    expect(await lab.hexByte(29).getAttribute('class')).not.toMatch(/\bpick\b/);
    await expect.poll(() => lab.field('ip.dst').getAttribute('aria-pressed')).toBe('true');

    // Clicking a byte inside a closed structure opens the way down to its field (frame 9, a Router
    // Solicitation, has an option inside the ICMPv6 layer).
    await lab.clickArrow(9);
    const deep = deepField(packets[8]!);
    await expect.poll(() => lab.field(deep.parent).locator('xpath=..').getAttribute('open')).toBeNull();
    await lab.hexByte(deep.offset).click();
    await expect.poll(() => lab.field(deep.parent).locator('xpath=..').getAttribute('open')).not.toBeNull();
    expect(await page.locator(`[data-key="${deep.key}"]`).getAttribute('class')).toMatch(/\bpicked\b/);
    await page.screenshot({ path: `${SHOTS}lab-pick-field.png` });
  });

  it('shows a bit field bit by bit and a generated field apart', async () => {
    await lab.open(server.url);
    await lab.openExample();
    await lab.clickArrow(1);
    expect(await lab.field('ip.hdr_len').locator('.bits').getAttribute('aria-label')).toBe('bits ....0101');
    expect(await lab.field('ip.checksum.status').locator('.generated').textContent()).toMatch(/^\[.*\]$/);
  });

  it('explains a picked field in one sentence, with its spec', async () => {
    await lab.open(server.url);
    await lab.openExample();
    await lab.clickArrow(1);
    await lab.field('ip.dsfield').click();
    const about = page.locator('.about');
    expect(await about.isVisible()).toBe(true);
    expect(await about.textContent()).toMatch(/How routers should queue the packet.*RFC 2474 §3/s);
    await page.screenshot({ path: `${SHOTS}lab-field-doc.png` });
  });

  it('steps with the keyboard, and the focus follows the current message', async () => {
    await lab.open(server.url);
    await lab.openExample();
    await lab.clickArrow(3);
    await lab.blur();

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 4\\s*of ${packets.length}`));
    expect(await lab.hexBytes()).toBe(packets[3]!.bytes);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 2\\s*of ${packets.length}`));
    await page.keyboard.press('End');
    await expect.poll(() => lab.current().getAttribute('data-index')).toBe(String(packets.length - 1));
    await page.keyboard.press('Home');
    await expect.poll(() => lab.current().getAttribute('data-index')).toBe('0');

    // Roving tabindex: the current message is the one tab stop; ↓ moves along and the focus follows.
    await lab.current().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^3\. /);
    expect(await page.locator('svg [role="button"][tabindex="0"]').count()).toBe(1);

    // Speed and play/pause (Space on a focused message selects it, so leave the diagram first).
    await lab.blur();
    await page.keyboard.press('+');
    await expect.poll(() => page.locator('.speed-value').textContent()).toBe('2×');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect.poll(() => page.locator('.speed-value').textContent()).toBe('1/2×');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Play' }).waitFor();
  });

  it('plays to the end', async () => {
    await lab.open(server.url);
    await lab.openExample();
    for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => lab.current().getAttribute('data-index'), { timeout: 10_000 }).toBe(String(packets.length - 1));
    await page.getByRole('button', { name: 'Play' }).waitFor();
  });

  it('opens a capture chosen with the file picker', async () => {
    await lab.open(server.url);
    await lab.openFile('sample.pcapng', sampleFile);
    await page.getByRole('heading', { name: 'sample.pcapng' }).waitFor();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await lab.arrows().count()).toBeGreaterThan(5);
    expect(await lab.arrows().count()).toBeLessThanOrEqual(packets.length);
    expect(await page.locator('.notice').count()).toBe(0);
  });

  it('opens a capture dropped on the page', async () => {
    await lab.open(server.url);
    await lab.dropFile('dropped.pcapng', sampleFile);
    await page.getByRole('heading', { name: 'dropped.pcapng' }).waitFor();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await lab.arrows().count()).toBeGreaterThan(5);
    expect(await lab.arrows().count()).toBeLessThanOrEqual(packets.length);
  });

  it('shows what could be read of a damaged capture, and says what is wrong', async () => {
    await lab.open(server.url);
    const cut = damagedAfter(4);
    await lab.openFile('damaged.pcapng', cut);
    const notice = page.getByRole('status').filter({ hasText: 'is damaged' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Showing the 4 packets that could be read/);
    expect(await lab.arrows().count()).toBe(4);
    await page.screenshot({ path: `${SHOTS}lab-damaged.png` });
  });

  it('refuses a file that is not a capture with a clear message, and keeps the page usable', async () => {
    await lab.open(server.url);
    await lab.openFile('notes.txt', new TextEncoder().encode('hello, this is not a capture'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/could not be opened.*not a pcap or pcapng file/s);
    await page.getByRole('button', { name: 'Open the example capture' }).first().click();
    await lab.arrows().first().waitFor();
  });

  it('never inserts text from a file as HTML', async () => {
    await lab.open(server.url);
    const name = '<img src=x onerror="window.__pwned=1">.pcapng';
    await lab.openFile(name, sampleFile);
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('looks right in the dark theme and on a narrow screen', async () => {
    await context.close();
    await start({ colorScheme: 'dark' });
    await lab.open(server.url);
    await lab.openExample();
    await lab.clickArrow(8);
    await lab.hexByte(20).hover();
    await page.screenshot({ path: `${SHOTS}lab-dark.png` });

    await context.close();
    await start({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await lab.open(server.url);
    await page.screenshot({ path: `${SHOTS}lab-narrow-start.png` });
    await lab.openExample();
    await lab.clickArrow(3);
    await page.screenshot({ path: `${SHOTS}lab-narrow.png`, fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}lab-narrow-top.png` });
    await lab.hexByte(0).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}lab-narrow-hex.png` });
  });

  it('opens a trace saved as JSON: slanted, lost, filtered, parallel and looped messages with step notes', async () => {
    const trace = teachingTrace();
    await lab.open(server.url);
    await lab.openFile('attach.json', new TextEncoder().encode(JSON.stringify(trace)));
    await page.getByRole('heading', { name: 'attach.json' }).waitFor();
    expect(await lab.inspectorTitle().textContent()).toMatch(/Packet 1\s*of 12/);
    expect(await lab.arrow(3).getAttribute('aria-label')).toBe(
      '3. LMA → MAG1 (PMA) Proxy Binding Acknowledgement status=0, 0.010 s, lost',
    );
    expect(await lab.arrow(3).locator('.cross').count()).toBe(1);
    expect(await lab.arrow(3).locator('.death').textContent()).toBe('lost: the link to MAG1 is down');
    expect(await page.locator('.break text').first().textContent()).toBe('+0.984 s');
    expect(await page.locator('.note').count()).toBeGreaterThan(5);
    await page.screenshot({ path: `${SHOTS}lab-trace-start.png` });
    await page.keyboard.press('End');
    await expect.poll(() => lab.current().getAttribute('data-index')).toBe('11');
    await page.screenshot({ path: `${SHOTS}lab-trace-end.png` });
    await context.close();
    await start({ colorScheme: 'dark' });
    await lab.open(server.url);
    await lab.openFile('attach.json', new TextEncoder().encode(JSON.stringify(trace)));
    await lab.clickArrow(8);
    await page.screenshot({ path: `${SHOTS}lab-trace-dark.png` });
  });

  it('draws only the messages on screen in a long capture', async () => {
    await lab.open(server.url);
    const many = exampleCapture();
    const frames = many.packets;
    many.packets = Array.from({ length: 600 }, (_, i) => ({ ...frames[i % frames.length]!, timestampUs: i * 1000 }));
    await lab.openFile('long.pcapng', writePcapng(many));
    await page.getByRole('heading', { name: 'long.pcapng' }).waitFor();
    const drawn = await lab.arrows().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    await page.keyboard.press('End');
    await expect.poll(() => lab.current().getAttribute('data-index')).toBe('599');
    await expect.poll(() => lab.arrow(600).isVisible()).toBe(true);
    expect(await lab.arrows().count()).toBeLessThan(60);
    await page.screenshot({ path: `${SHOTS}lab-long-end.png` });
  });
});

/** A field two structures down (its parent is a closed `<details>`), and a byte of it. */
function deepField(p: PacketEvent): { key: string; parent: string; offset: number } {
  const { layers } = dissect(fromHex(p.bytes), p.linkType);
  for (let offset = 0; offset < p.bytes.length / 2; offset++) {
    const key = keyAt(layers, offset);
    if (key === undefined || key.split('.').length < 3) continue;
    const parent = nodeOf(layers, key.split('.').slice(0, -1).join('.'))!;
    return { key, parent: parent.name, offset };
  }
  throw new Error('no field two structures down');
}

/** The sample capture cut in the middle of the block after the first `keep` packets. */
function damagedAfter(keep: number): Uint8Array {
  const bytes = sampleFile;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let seen = 0;
  while (at < bytes.length) {
    const type = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    if (type === 6 && seen++ === keep) return bytes.slice(0, at + Math.floor(length / 2));
    at += length;
  }
  throw new Error(`the sample has fewer than ${keep + 1} packets`);
}
