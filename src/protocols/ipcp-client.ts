import type { LayerValue, OptionValue } from '../wire/core';
import { IPCP_CODE, IPCP_OPTION, ipcpOption, ipcpPacket } from '../wire/ipcp';
import { pppFrame } from '../wire/ppp';

/*
 * A host's IPCP (RFC 1332, the option negotiation of RFC 1661 §4) as a pure step function, for the
 * address only: the host asks for an address with IP-Address (0.0.0.0 to be given one, else the
 * one it has), takes the one a Configure-Nak suggests, and acknowledges the peer's own request.
 * The link is open when both sides have acknowledged (RFC 1661 §4.2, Opened). LCP and the
 * authentication phase come before IPCP and are not shown: the lab starts at the network phase.
 *
 *   Initial ─open/scr→ Req-Sent ─RCA→ Ack-Rcvd ─RCR+/sca→ Opened
 *                        │RCR+/sca          │
 *                        └──→ Ack-Sent ─RCA─┘                 RCN: scr with the suggested address
 */

/** RFC 1661 §4.6: Restart timer 3 s, Max-Configure 10. */
export const RESTART_MS = 3000;
export const MAX_CONFIGURE = 10;
export const ANY_ADDRESS = '0.0.0.0';

export type IpcpState = 'initial' | 'req-sent' | 'ack-rcvd' | 'ack-sent' | 'opened';

export interface IpcpClient {
  state: IpcpState;
  /** The address asked for (0.0.0.0 until the peer suggests one), then the negotiated one. */
  address: string;
  /** The Identifier of our outstanding Configure-Request. */
  id: number;
  tries: number;
  /** The peer's address, from its Configure-Request. */
  peer?: string;
  /** The address in use once Opened; kept over a link change, to ask for it again. */
  configured?: string;
}

export interface IpcpMessage {
  code: number;
  id: number;
  /** The IP-Address option, when there is one. */
  address?: string;
  options: OptionValue[];
}

export type IpcpInput = { type: 'open' } | { type: 'down' } | { type: 'receive'; message: IpcpMessage } | { type: 'restart' };

export type IpcpAction =
  | { type: 'send'; frame: LayerValue; what: string }
  | { type: 'timer'; delayMs: number }
  | { type: 'cancel' }
  | { type: 'up'; address: string; peer?: string }
  | { type: 'note'; text: string; section: string };

export interface IpcpEnv {
  random(): number;
}

export const ipcpClient = (): IpcpClient => ({ state: 'initial', address: ANY_ADDRESS, id: 0, tries: 0 });

/** An IPCP packet in a PPP frame. */
export function ipcpFrame(code: number, id: number, options: OptionValue[]): LayerValue {
  return pppFrame(ipcpPacket({ code, id, options }));
}

/** The IPCP message in a received PPP frame's packet, or undefined for anything else. */
export function readIpcp(p: LayerValue): IpcpMessage | undefined {
  if (p.proto !== 'ipcp') return undefined;
  const options = (p.options as OptionValue[] | undefined) ?? [];
  const address = options.find((o) => o.type === IPCP_OPTION.IpAddress)?.address as string | undefined;
  return { code: p.code as number, id: p.identifier as number, options, ...(address === undefined ? {} : { address }) };
}

function request(c: IpcpClient): IpcpAction {
  return {
    type: 'send',
    frame: ipcpFrame(IPCP_CODE.ConfigureRequest, c.id, [ipcpOption.ipAddress(c.address)]),
    what: `Configure-Request IP-Address ${c.address}`,
  };
}

const after = (state: IpcpState, event: 'rca' | 'rcr'): IpcpState => {
  if (event === 'rca') return state === 'ack-sent' ? 'opened' : state === 'req-sent' ? 'ack-rcvd' : state;
  return state === 'ack-rcvd' ? 'opened' : state === 'req-sent' ? 'ack-sent' : state;
};

function opened(prev: IpcpClient, next: IpcpClient): IpcpAction[] {
  if (prev.state === 'opened' || next.state !== 'opened') return [];
  return [{ type: 'cancel' }, { type: 'up', address: next.address, ...(next.peer ? { peer: next.peer } : {}) }];
}

/** One step of the negotiation. Inputs that do not apply in the state are ignored. */
export function ipcpStep(c: IpcpClient, input: IpcpInput, env: IpcpEnv): { client: IpcpClient; actions: IpcpAction[] } {
  const same = { client: c, actions: [] as IpcpAction[] };
  switch (input.type) {
    case 'open': {
      // A host that had an address asks for it again on the new link (RFC 1332 §3.3: a desired address).
      const address = c.configured ?? ANY_ADDRESS;
      const client: IpcpClient = { state: 'req-sent', address, id: env.random() & 0xff, tries: 1, ...(c.configured ? { configured: c.configured } : {}) };
      return { client, actions: [request(client), { type: 'timer', delayMs: RESTART_MS }] };
    }
    case 'down':
      return { client: { ...c, state: 'initial', tries: 0 }, actions: [{ type: 'cancel' }] };
    case 'restart': {
      if (c.state !== 'req-sent' && c.state !== 'ack-rcvd' && c.state !== 'ack-sent') return same;
      if (c.tries >= MAX_CONFIGURE) {
        return {
          client: { ...c, state: 'initial' },
          actions: [{ type: 'note', text: `No answer to ${MAX_CONFIGURE} Configure-Requests: the host gives up on IPCP.`, section: 'RFC 1661 §4.6' }],
        };
      }
      // RFC 1661 §5.1: a retransmission may keep its Identifier; from Ack-Rcvd it goes back to Req-Sent.
      const client: IpcpClient = { ...c, state: c.state === 'ack-rcvd' ? 'req-sent' : c.state, tries: c.tries + 1 };
      return { client, actions: [request(client), { type: 'timer', delayMs: RESTART_MS }] };
    }
    case 'receive': {
      const m = input.message;
      if (c.state === 'initial') return same;
      if (m.code === IPCP_CODE.ConfigureRequest) {
        // The peer's request: the host accepts the address the peer says it has (RCR+, sca).
        const client: IpcpClient = { ...c, state: after(c.state, 'rcr'), ...(m.address ? { peer: m.address } : {}) };
        const ack: IpcpAction = { type: 'send', frame: ipcpFrame(IPCP_CODE.ConfigureAck, m.id, m.options), what: 'Configure-Ack' };
        return { client: withConfigured(client), actions: [ack, ...opened(c, client)] };
      }
      if (m.id !== c.id) return same;
      if (m.code === IPCP_CODE.ConfigureAck) {
        const client: IpcpClient = { ...c, state: after(c.state, 'rca') };
        return { client: withConfigured(client), actions: opened(c, client) };
      }
      if (m.code === IPCP_CODE.ConfigureNak && m.address) {
        // RFC 1332 §3.3: a Nak's IP-Address is the address the peer wants the host to use.
        const client: IpcpClient = { ...c, state: c.state === 'ack-rcvd' ? 'req-sent' : c.state, address: m.address, id: (c.id + 1) & 0xff, tries: 1 };
        return {
          client,
          actions: [
            { type: 'note', text: `Configure-Nak suggests ${m.address}: the host asks for that address.`, section: 'RFC 1332 §3.3; RFC 5563 §4.1.1 step 5' },
            request(client),
            { type: 'timer', delayMs: RESTART_MS },
          ],
        };
      }
      return same;
    }
  }
}

const withConfigured = (c: IpcpClient): IpcpClient => (c.state === 'opened' ? { ...c, configured: c.address } : c);
