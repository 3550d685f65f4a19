import { describe, expect, it } from 'vitest';
import type { LayerValue } from '../../src/wire/core';
import { ipcpClient, ipcpStep, MAX_CONFIGURE, readIpcp, RESTART_MS, type IpcpAction, type IpcpClient, type IpcpMessage } from '../../src/protocols/ipcp-client';

const env = { random: () => 0x41 };
const sent = (actions: IpcpAction[]): IpcpMessage[] => actions.flatMap((a) => (a.type === 'send' ? [readIpcp((a.frame as LayerValue).payload as LayerValue)!] : []));
const step = (c: IpcpClient, input: Parameters<typeof ipcpStep>[1]) => ipcpStep(c, input, env);
const msg = (code: number, id: number, address?: string): IpcpMessage => ({ code, id, options: address ? [{ type: 3, address }] : [], ...(address ? { address } : {}) });

describe('the IPCP client (RFC 1332, RFC 1661 §4)', () => {
  it('asks for 0.0.0.0, takes the address a Configure-Nak suggests, and opens once both sides acknowledged', () => {
    let r = step(ipcpClient(), { type: 'open' });
    expect(sent(r.actions)).toEqual([expect.objectContaining({ code: 1, id: 0x41, address: '0.0.0.0' })]);
    expect(r.actions).toContainEqual({ type: 'timer', delayMs: RESTART_MS });
    r = step(r.client, { type: 'receive', message: msg(1, 7, '192.0.2.1') });
    expect(sent(r.actions)).toEqual([expect.objectContaining({ code: 2, id: 7, address: '192.0.2.1' })]);
    expect(r.client.state).toBe('ack-sent');
    r = step(r.client, { type: 'receive', message: msg(3, 0x41, '192.0.2.101') });
    expect(sent(r.actions)).toEqual([expect.objectContaining({ code: 1, id: 0x42, address: '192.0.2.101' })]);
    // An Ack for another Identifier is not ours.
    expect(step(r.client, { type: 'receive', message: msg(2, 0x41, '192.0.2.101') }).actions).toEqual([]);
    r = step(r.client, { type: 'receive', message: msg(2, 0x42, '192.0.2.101') });
    expect(r.client).toMatchObject({ state: 'opened', configured: '192.0.2.101', peer: '192.0.2.1' });
    expect(r.actions).toContainEqual({ type: 'up', address: '192.0.2.101', peer: '192.0.2.1' });
  });

  it('retransmits on the restart timer up to Max-Configure, then gives up', () => {
    let r = step(ipcpClient(), { type: 'open' });
    for (let i = 1; i < MAX_CONFIGURE; i++) {
      r = step(r.client, { type: 'restart' });
      expect(sent(r.actions)).toHaveLength(1);
    }
    r = step(r.client, { type: 'restart' });
    expect(sent(r.actions)).toEqual([]);
    expect(r.client.state).toBe('initial');
  });

  it('on a new link asks again for the address it had', () => {
    let r = step(ipcpClient(), { type: 'open' });
    r = step(r.client, { type: 'receive', message: msg(3, 0x41, '192.0.2.5') });
    r = step(r.client, { type: 'receive', message: msg(2, 0x42, '192.0.2.5') });
    r = step(r.client, { type: 'receive', message: msg(1, 1, '192.0.2.1') });
    expect(r.client.state).toBe('opened');
    r = step(r.client, { type: 'down' });
    r = step(r.client, { type: 'open' });
    expect(sent(r.actions)).toEqual([expect.objectContaining({ code: 1, address: '192.0.2.5' })]);
  });
});
