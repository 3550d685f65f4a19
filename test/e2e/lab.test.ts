import { describe, expect, it } from 'vitest';
import type { PacketEvent } from '../../src/sim/trace';
import { exampleCapture, exampleTrace } from '../../src/ui/example-trace';
import { keyAt, nodeOf } from '../../src/ui/inspector/hit';
import { fromHex } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { writePcapng } from '../../src/wire/pcapng';
import { teachingTrace } from './support/teaching-trace';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The lab end to end, in Debian's Chromium: open the example capture, click a message, read its
 * bytes in the inspector, point at a byte, step with the keyboard; open files by the picker and by
 * drag and drop, damaged ones included. Screenshots go to test-results/ for a person to look at;
 * nothing compares pixels.
 */

const packets = exampleTrace().events.filter((e): e is PacketEvent => e.kind === 'packet');
const sampleFile = writePcapng(exampleCapture());

requireBrowser();

describe.skipIf(!canBrowse)('the lab in Chromium', () => {
  const b = browsing({ viewport: { width: 1600, height: 1000 } });
  const start = (options: Parameters<typeof b.start>[0] = {}): Promise<unknown> => b.start(options);

  it('is reached from the landing page', async () => {
    await b.page.goto(b.url);
    await b.page.screenshot({ path: `${SHOTS}landing.png` });
    await b.page.getByRole('link', { name: 'Open the lab' }).first().click();
    await expect.poll(() => b.page.url()).toMatch(/#\/lab$/);
    await b.page.getByRole('heading', { name: 'Open a packet capture' }).waitFor();
    await b.page.screenshot({ path: `${SHOTS}lab-start.png` });
  });

  it('runs a scenario from its card on the landing page', async () => {
    await b.page.goto(b.url);
    await b.page.getByRole('link', { name: 'Run Handover between MAGs in the lab' }).click();
    await expect.poll(() => b.page.url()).toMatch(/#\/lab\?v=1&s=pmipv6-handover/);
    await b.page.getByRole('heading', { name: 'Handover between MAGs' }).waitFor();
    await b.lab.arrows().first().waitFor();
    // The lab starts at its top, not scrolled as far as the card was down the landing page.
    expect(await b.page.evaluate(() => window.scrollY)).toBe(0);
    // Every scenario of the catalog runs, so no card says it is still to come.
    expect(await b.page.getByText('Status: coming').count()).toBe(0);
  });

  it('opens the example capture, and the third message shows the same bytes as the trace', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await b.lab.arrows().count()).toBeGreaterThan(5);
    expect(await b.lab.arrows().count()).toBeLessThanOrEqual(packets.length);

    await b.lab.clickArrow(3);
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('2');
    expect(await b.lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 3\\s*of ${packets.length}`));
    expect(await b.lab.hexBytes()).toBe(packets[2]!.bytes);
    await b.page.screenshot({ path: `${SHOTS}lab-example-3.png` });
  });

  it('names each message for a screen reader: number, endpoints, summary and time', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    const p = packets[2]!;
    await expect.poll(() => b.lab.arrow(3).getAttribute('aria-label')).toBe(`3. ${p.from} → ${p.to} ${p.summary}, 0.002 s`);
  });

  it('highlights the field under a hex byte, and the bytes of a field picked in the tree', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    await b.lab.clickArrow(1);

    // Frame 1 is Ethernet + IPv4 + UDP: the source address is bytes 26–29.
    await b.lab.hexByte(27).hover();
    await expect.poll(() => b.lab.field('ip.src').getAttribute('class')).toMatch(/\bhovered\b/);
    for (const o of [26, 29]) expect(await b.lab.hexByte(o).getAttribute('class')).toMatch(/\bhover\b/);
    expect(await b.lab.hexByte(30).getAttribute('class')).not.toMatch(/\bhover\b/);
    await expect.poll(() => b.page.locator('.status code').textContent()).toBe('ip.src');
    await b.page.screenshot({ path: `${SHOTS}lab-hover-byte.png` });

    await b.lab.field('ip.dst').click();
    for (const o of [30, 33]) expect(await b.lab.hexByte(o).getAttribute('class')).toMatch(/\bpick\b/);
    expect(await b.lab.hexByte(29).getAttribute('class')).not.toMatch(/\bpick\b/);
    await expect.poll(() => b.lab.field('ip.dst').getAttribute('aria-pressed')).toBe('true');

    // Clicking a byte inside a closed structure opens the way down to its field (frame 9, a Router
    // Solicitation, has an option inside the ICMPv6 layer).
    await b.lab.clickArrow(9);
    const deep = deepField(packets[8]!);
    await expect.poll(() => b.lab.field(deep.parent).locator('xpath=..').getAttribute('open')).toBeNull();
    await b.lab.hexByte(deep.offset).click();
    await expect.poll(() => b.lab.field(deep.parent).locator('xpath=..').getAttribute('open')).not.toBeNull();
    expect(await b.page.locator(`[data-key="${deep.key}"]`).getAttribute('class')).toMatch(/\bpicked\b/);
    await b.page.screenshot({ path: `${SHOTS}lab-pick-field.png` });
  });

  it('shows a bit field bit by bit and a generated field apart', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    await b.lab.clickArrow(1);
    expect(await b.lab.field('ip.hdr_len').locator('.bits').getAttribute('aria-label')).toBe('bits ....0101');
    expect(await b.lab.field('ip.checksum.status').locator('.generated').textContent()).toMatch(/^\[.*\]$/);
  });

  it('explains a picked field in one sentence, with its spec', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    await b.lab.clickArrow(1);
    await b.lab.field('ip.dsfield').click();
    const about = b.page.locator('.about');
    expect(await about.isVisible()).toBe(true);
    expect(await about.textContent()).toMatch(/How routers should queue the packet.*RFC 2474 §3/s);
    await b.page.screenshot({ path: `${SHOTS}lab-field-doc.png` });
  });

  it('steps with the keyboard, and the focus follows the current message', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    await b.lab.clickArrow(3);
    await b.lab.blur();

    await b.page.keyboard.press('ArrowRight');
    await expect.poll(() => b.lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 4\\s*of ${packets.length}`));
    expect(await b.lab.hexBytes()).toBe(packets[3]!.bytes);
    await b.page.keyboard.press('ArrowLeft');
    await b.page.keyboard.press('ArrowLeft');
    await expect.poll(() => b.lab.inspectorTitle().textContent()).toMatch(new RegExp(`Packet 2\\s*of ${packets.length}`));
    await b.page.keyboard.press('End');
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe(String(packets.length - 1));
    await b.page.keyboard.press('Home');
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('0');

    // Roving tabindex: the current message is the one tab stop; ↓ moves along and the focus follows.
    await b.lab.current().focus();
    await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('ArrowDown');
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^3\. /);
    expect(await b.page.locator('svg [role="button"][tabindex="0"]').count()).toBe(1);

    // Speed and play/pause (Space on a focused message selects it, so leave the diagram first).
    await b.lab.blur();
    await b.page.keyboard.press('+');
    await expect.poll(() => b.page.locator('.speed-value').textContent()).toBe('2×');
    await b.page.keyboard.press('-');
    await b.page.keyboard.press('-');
    await expect.poll(() => b.page.locator('.speed-value').textContent()).toBe('1/2×');
    await b.page.keyboard.press('Space');
    await b.page.getByRole('button', { name: 'Pause' }).waitFor();
    await b.page.keyboard.press('Space');
    await b.page.getByRole('button', { name: 'Play' }).waitFor();
  });

  it('plays to the end', async () => {
    await b.lab.open(b.url);
    await b.lab.openExample();
    for (let i = 0; i < 3; i++) await b.page.keyboard.press('+');
    await b.page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => b.lab.current().getAttribute('data-index'), { timeout: 10_000 }).toBe(String(packets.length - 1));
    await b.page.getByRole('button', { name: 'Play' }).waitFor();
  });

  it('opens a capture chosen with the file picker', async () => {
    await b.lab.open(b.url);
    await b.lab.openFile('sample.pcapng', sampleFile);
    await b.page.getByRole('heading', { name: 'sample.pcapng' }).waitFor();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await b.lab.arrows().count()).toBeGreaterThan(5);
    expect(await b.lab.arrows().count()).toBeLessThanOrEqual(packets.length);
    expect(await b.page.locator('.notice').count()).toBe(0);
  });

  it('opens a capture dropped on the page', async () => {
    await b.lab.open(b.url);
    await b.lab.dropFile('dropped.pcapng', sampleFile);
    await b.page.getByRole('heading', { name: 'dropped.pcapng' }).waitFor();
    // Only the messages on screen are drawn (long traces stay smooth).
    expect(await b.lab.arrows().count()).toBeGreaterThan(5);
    expect(await b.lab.arrows().count()).toBeLessThanOrEqual(packets.length);
  });

  it('shows what could be read of a damaged capture, and says what is wrong', async () => {
    await b.lab.open(b.url);
    const cut = damagedAfter(4);
    await b.lab.openFile('damaged.pcapng', cut);
    const notice = b.page.getByRole('status').filter({ hasText: 'is damaged' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Showing the 4 packets that could be read/);
    expect(await b.lab.arrows().count()).toBe(4);
    await b.page.screenshot({ path: `${SHOTS}lab-damaged.png` });
  });

  it('refuses a file that is not a capture with a clear message, and keeps the page usable', async () => {
    await b.lab.open(b.url);
    await b.lab.openFile('notes.txt', new TextEncoder().encode('hello, this is not a capture'));
    const alert = b.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/could not be opened.*not a pcap or pcapng file/s);
    await b.page.getByRole('button', { name: 'Open the example capture' }).first().click();
    await b.lab.arrows().first().waitFor();
  });

  it('never inserts text from a file as HTML', async () => {
    await b.lab.open(b.url);
    const name = '<img src=x onerror="window.__pwned=1">.pcapng';
    await b.lab.openFile(name, sampleFile);
    await b.page.getByRole('heading', { name }).waitFor();
    expect(await b.page.locator('img[src="x"]').count()).toBe(0);
    expect(await b.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('looks right in the dark theme and on a narrow screen', async () => {
    await b.context.close();
    await start({ colorScheme: 'dark' });
    await b.lab.open(b.url);
    await b.lab.openExample();
    await b.lab.clickArrow(8);
    await b.lab.hexByte(20).hover();
    await b.page.screenshot({ path: `${SHOTS}lab-dark.png` });

    await b.context.close();
    await start({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await b.lab.open(b.url);
    await b.page.screenshot({ path: `${SHOTS}lab-narrow-start.png` });
    await b.lab.openExample();
    await b.lab.clickArrow(3);
    await b.page.screenshot({ path: `${SHOTS}lab-narrow.png`, fullPage: true });
    await b.page.evaluate(() => window.scrollTo(0, 0));
    await b.page.screenshot({ path: `${SHOTS}lab-narrow-top.png` });
    await b.lab.hexByte(0).scrollIntoViewIfNeeded();
    await b.page.screenshot({ path: `${SHOTS}lab-narrow-hex.png` });
  });

  it('opens a trace saved as JSON: slanted, lost, filtered, parallel and looped messages with step notes', async () => {
    const trace = teachingTrace();
    await b.lab.open(b.url);
    await b.lab.openFile('attach.json', new TextEncoder().encode(JSON.stringify(trace)));
    await b.page.getByRole('heading', { name: 'attach.json' }).waitFor();
    expect(await b.lab.inspectorTitle().textContent()).toMatch(/Packet 1\s*of 12/);
    expect(await b.lab.arrow(3).getAttribute('aria-label')).toBe(
      '3. LMA → MAG1 (PMA) Proxy Binding Acknowledgement status=0, 0.010 s, lost: the link to MAG1 is down',
    );
    expect(await b.lab.arrow(3).locator('.mark.lost').count()).toBe(1);
    expect(await b.lab.arrow(3).locator('.death').textContent()).toBe('lost: the link to MAG1 is down');
    expect(await b.page.locator('.break text').first().textContent()).toBe('+0.984 s');
    expect(await b.page.locator('.note').count()).toBeGreaterThan(5);
    await b.page.screenshot({ path: `${SHOTS}lab-trace-start.png` });
    await b.page.keyboard.press('End');
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('11');
    await b.page.screenshot({ path: `${SHOTS}lab-trace-end.png` });
    await b.context.close();
    await start({ colorScheme: 'dark' });
    await b.lab.open(b.url);
    await b.lab.openFile('attach.json', new TextEncoder().encode(JSON.stringify(trace)));
    await b.lab.clickArrow(8);
    await b.page.screenshot({ path: `${SHOTS}lab-trace-dark.png` });
  });

  it('draws only the messages on screen in a long capture', async () => {
    await b.lab.open(b.url);
    const many = exampleCapture();
    const frames = many.packets;
    many.packets = Array.from({ length: 600 }, (_, i) => ({ ...frames[i % frames.length]!, timestampUs: i * 1000 }));
    await b.lab.openFile('long.pcapng', writePcapng(many));
    await b.page.getByRole('heading', { name: 'long.pcapng' }).waitFor();
    const drawn = await b.lab.arrows().count();
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(60);
    await b.page.keyboard.press('End');
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('599');
    await expect.poll(() => b.lab.arrow(600).isVisible()).toBe(true);
    expect(await b.lab.arrows().count()).toBeLessThan(60);
    await b.page.screenshot({ path: `${SHOTS}lab-long-end.png` });
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
