import { ipcpStep, readIpcp, type IpcpAction, type IpcpClient, type IpcpInput, type IpcpMessage } from '../protocols/ipcp-client';
import type { LayerValue } from '../wire/core';
import type { Effect, Env } from '../sim/effects';

/*
 * The MN's PPP/IPCP path (RFC 1332; RFC 5563 §6.4, seed 000 §6.4), enabled by the `ipcp` input for
 * the PMIPv4 scenarios: on a PPP access link the host gets its address from the access router's
 * IPCP rather than from DHCP. The negotiation is the pure step in protocols/ipcp-client.ts; this
 * file turns its actions into the MN's effects and timers, so mn.ts only wires events to one action.
 */

export type MnIpcpEvent = { type: 'rx.ipcp'; message: IpcpMessage } | { type: 'timer.ipcpRestart' };

export const IPCP_TIMER_ID = 'ipcp:restart';
export const IPCP_TIMER_NAMES: Readonly<Record<string, string>> = { 'timer.ipcpRestart': 'IPCP restart' };
export const IPCP_ROUTE_OWNER = 'ipcp-default-route';

/** An IPCP packet that reached the MN, as its event. */
export function mnIpcpEvent(packet: LayerValue): MnIpcpEvent | undefined {
  const message = readIpcp(packet);
  return message ? { type: 'rx.ipcp', message } : undefined;
}

function input(event: { type: string }): IpcpInput | undefined {
  switch (event.type) {
    case 'l2.attach':
      return { type: 'open' };
    case 'l2.detach':
      return { type: 'down' };
    case 'rx.ipcp':
      return { type: 'receive', message: (event as Extract<MnIpcpEvent, { type: 'rx.ipcp' }>).message };
    case 'timer.ipcpRestart':
      return { type: 'restart' };
    default:
      return undefined;
  }
}

export type MnIpcpOp = { op: 'emit'; effect: Effect } | { op: 'cancel'; id: string } | { op: 'raise'; event: MnIpcpEvent; id: string; delayMs: number };

function ops(a: IpcpAction, iface: string, before: IpcpClient): MnIpcpOp[] {
  switch (a.type) {
    case 'send':
      return [{ op: 'emit', effect: { type: 'tx.frame', iface, frame: a.frame } }];
    case 'timer':
      return [{ op: 'cancel', id: IPCP_TIMER_ID }, { op: 'raise', event: { type: 'timer.ipcpRestart' }, id: IPCP_TIMER_ID, delayMs: a.delayMs }];
    case 'cancel':
      return [{ op: 'cancel', id: IPCP_TIMER_ID }];
    case 'note':
      return [{ op: 'emit', effect: { type: 'note', text: a.text, section: a.section } }];
    case 'up': {
      if (before.configured === a.address) {
        return [{ op: 'emit', effect: { type: 'note', text: `IPCP is open again on the new link with the same address, ${a.address}: the host has not noticed that it moved.`, section: 'RFC 5563 §6.4; seed 000 §6.4' } }];
      }
      const out: MnIpcpOp[] = [];
      if (before.configured) out.push({ op: 'emit', effect: { type: 'address.remove', iface, addr: before.configured } });
      out.push(
        { op: 'emit', effect: { type: 'address.add', iface, addr: `${a.address}/32` } },
        { op: 'emit', effect: { type: 'route.add', owner: IPCP_ROUTE_OWNER, dst: '0.0.0.0/0', iface } },
        { op: 'emit', effect: { type: 'note', text: `IPCP is open: the host uses ${a.address} on the PPP link, with its peer${a.peer ? ` ${a.peer}` : ''} as the way to everything else.`, section: 'RFC 1332 §3.3; RFC 5563 §4.1.1 step 6' } },
      );
      return out;
    }
  }
}

/** The negotiation's step for an MN event, as the new state and the MN's operations. */
export function mnIpcpStep(c: IpcpClient, event: { type: string }, o: { env: Env; iface: string }): { client: IpcpClient; ops: MnIpcpOp[] } | undefined {
  const i = input(event);
  if (!i) return undefined;
  const r = ipcpStep(c, i, o.env);
  return { client: r.client, ops: r.actions.flatMap((a) => ops(a, o.iface, c)) };
}

export function ipcpRows(c: IpcpClient | undefined): Record<string, string>[] {
  if (!c) return [];
  return [{ state: c.state, address: c.configured ?? c.address, peer: c.peer ?? '' }];
}
