import { describe, expect, it } from 'vitest';
import { noticeFor, openBytes, tooLarge } from '../../../src/ui/lab/open';
import { exampleCapture, exampleTrace } from '../../../src/ui/example-trace';
import { writePcapng } from '../../../src/wire/pcapng';

const file = writePcapng(exampleCapture());

describe('opening a file', () => {
  it('opens a clean capture without a message', () => {
    const opened = openBytes(file, 'ok.pcapng');
    expect(opened.notice).toBeUndefined();
    expect(opened.trace?.events).toHaveLength(exampleTrace().events.length);
  });

  it('opens a trace saved as JSON', () => {
    const opened = openBytes(new TextEncoder().encode(`  \n${JSON.stringify(exampleTrace())}`), 'run.json');
    expect(opened.notice).toBeUndefined();
    expect(opened.trace).toEqual(exampleTrace());
  });

  it('shows what it could read of a damaged capture, and warns', () => {
    const opened = openBytes(file.slice(0, file.length - 30), 'cut.pcapng');
    expect(opened.trace?.events.length).toBe(exampleTrace().events.length - 1);
    expect(opened.notice?.tone).toBe('warn');
    expect(opened.notice?.title).toBe(`“cut.pcapng” is damaged. Showing the ${exampleTrace().events.length - 1} packets that could be read.`);
    expect(opened.notice?.lines[0]).toMatch(/\(file bytes \d+–\d+\)$/);
  });

  it('refuses what is not a capture, with why', () => {
    const opened = openBytes(new TextEncoder().encode('hello'), 'x.txt');
    expect(opened.trace).toBeUndefined();
    expect(opened.notice).toMatchObject({ tone: 'error', title: '“x.txt” could not be opened.' });
    expect(opened.notice?.lines[0]).toMatch(/not a pcap or pcapng file/);
    expect(openBytes(new TextEncoder().encode('{"version":1,"events":[]}'), 'e.json').notice?.title).toBe('“e.json” has no packets to show.');
  });

  it('lists at most six problems and counts the rest', () => {
    const problems = Array.from({ length: 9 }, (_, i) => ({ id: 'p', severity: 'error' as const, message: `p${i}`, start: i, end: i + 1 }));
    const notice = noticeFor('f', { problems });
    expect(notice?.lines).toHaveLength(7);
    expect(notice?.lines[6]).toBe('…and 3 more problems.');
  });

  it('refuses a file too large for a tab', () => {
    expect(tooLarge('big.pcap', 512 * 2 ** 20).lines[0]).toBe('It is 512 MiB; the lab opens files of up to 256 MiB.');
  });
});
