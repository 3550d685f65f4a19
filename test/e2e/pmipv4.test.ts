import { describe, expect, it } from 'vitest';
import { runnableScenario } from '../../src/scenarios/registry';
import { runScenario } from '../../src/scenarios/run';
import type { PacketEvent } from '../../src/sim/trace';
import { fromHex, walk } from '../../src/wire/core';
import { dissect } from '../../src/wire/dissect';
import { openView } from './support/lab';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The Proxy Mobile IPv4 scenarios in Debian's Chromium: each opened by its share URL shows the
 * sequence diagram with the registration arrows and no error notice, and a click on the Proxy
 * Registration Request shows its authenticator in the inspector. Screenshots go to test-results/.
 */


requireBrowser();

const VIEWS: [string, string, RegExp][] = [
  ['pmipv4-attach', '', /Reg Reply: HoA=192\.0\.2\.101 HA=198\.51\.100\.1, Code=0/],
  ['pmipv4-renewal', '&p.addressing=ipcp', /Reg Reply: HoA=192\.0\.2\.101 HA=198\.51\.100\.1, Code=0/],
  ['pmipv4-handover', '&step=32&pkt=32', /Reg Revocation: HoA=192\.0\.2\.101/],
  ['pmipv4-reject', '&p.reason=identification-mismatch', /Code=133/],
  ['pmipv4-wimax', '&step=190', /R4 \(lab\) Registration Trigger/],
  ['pmipv4-3gpp2', '&p.old-bs=silent&step=34', /PMA movement Notification \(lab\)/],
];

/** The lab's own encodings, and the field whose inspector note says so. */
const LAB_MESSAGES: [string, RegExp, string][] = [
  ['pmipv4-wimax', /^R4 \(lab\) Handover Request/, 'r4.type'],
  ['pmipv4-3gpp2', /^PMA movement Notification \(lab\)/, 'pmamove.type'],
];

describe.skipIf(!canBrowse)('PMIPv4 in Chromium', () => {
  const b = browsing({ viewport: { width: 1700, height: 1000 } });

  it.each(VIEWS)('%s opens by URL with its registration arrows, and the request shows its authenticator', async (id, query, expected) => {
    const scenario = runnableScenario(id)!;
    const params = Object.fromEntries([...query.matchAll(/&p\.([^=]+)=([^&]+)/g)].map((m) => [m[1]!, m[2]!]));
    const view = `v=1&s=${id}${query}`;
    const packets = runScenario(id, params).events.filter((e): e is PacketEvent => e.kind === 'packet');
    await openView(b.page, b.url, view);
    await b.page.getByRole('heading', { name: scenario.title }).waitFor();
    expect(await b.page.getByRole('alert').count()).toBe(0);
    await b.lab.arrows().first().waitFor();
    const labels = await b.lab.arrows().evaluateAll((as) => as.map((a) => a.getAttribute('aria-label') ?? ''));
    expect(labels.some((l) => /Reg Request: HoA=/.test(l))).toBe(true);
    expect(labels.some((l) => expected.test(l))).toBe(true);

    // The request nearest the step the view opens at, so its arrow is on screen.
    const step = Number(/&step=(\d+)/.exec(query)?.[1] ?? 0);
    const requests = packets.flatMap((p, i) => (p.summary.startsWith('Reg Request') ? [i] : []));
    const request = requests.filter((i) => i <= step).at(-1) ?? requests[0]!;
    await b.lab.clickArrow(request + 1);
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe(String(request));
    expect(await b.lab.hexBytes()).toBe(packets[request]!.bytes);
    // Picking one of its bytes in the hex view opens the way down to the Authenticator in the tree.
    const offset = [...walk(dissect(fromHex(packets[request]!.bytes), packets[request]!.linkType).layers)].find((n) => n.name === 'mip.auth.auth')!.start;
    await b.lab.hexByte(offset).click();
    const authenticator = b.lab.field('mip.auth.auth');
    await authenticator.waitFor();
    expect(await authenticator.textContent()).toMatch(/Authenticator/);
    expect(await b.lab.field('mip.auth.spi').textContent()).toMatch(/SPI/);
    await b.page.screenshot({ path: `${SHOTS}${id}.png` });
  });

  it.each(LAB_MESSAGES)('%s shows its lab-encoded message in the inspector, saying it is a lab encoding', async (id, summary, field) => {
    const packets = runScenario(id).events.filter((e): e is PacketEvent => e.kind === 'packet');
    const index = packets.findIndex((p) => summary.test(p.summary));
    expect(index).toBeGreaterThanOrEqual(0);
    await openView(b.page, b.url, `v=1&s=${id}&step=${index}`);
    await b.lab.arrows().first().waitFor();
    await b.lab.clickArrow(index + 1);
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe(String(index));
    expect(await b.lab.hexBytes()).toBe(packets[index]!.bytes);
    const offset = [...walk(dissect(fromHex(packets[index]!.bytes), packets[index]!.linkType).layers)].find((n) => n.name === field)!.start;
    await b.lab.hexByte(offset).click();
    const row = b.lab.field(field);
    await row.waitFor();
    await expect.poll(async () => (await b.page.locator('.about').allTextContents()).join(' ')).toMatch(/Lab encoding/);
    await b.page.screenshot({ path: `${SHOTS}${id}-lab-encoding.png` });
  });
});
