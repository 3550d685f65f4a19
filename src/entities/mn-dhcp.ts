import { BROADCAST_MAC, dhcpStep, type DhcpAction, type DhcpClient, type DhcpInput, type DhcpReply, type DhcpTimer } from '../protocols/dhcp-client';
import type { Effect, Env } from '../sim/effects';

/*
 * The MN's DHCPv4 client (RFC 2131), enabled by the `dhcp4` input for the IPv4 scenarios. The
 * protocol is the pure step in protocols/dhcp-client.ts; this file turns its actions into the MN's
 * effects and timers (delayed events with explicit ids), so mn.ts only wires events to one action.
 */

export type MnDhcpEvent =
  | ({ type: 'rx.dhcp' } & DhcpReply)
  | { type: 'timer.dhcpRetransmit' }
  | { type: 'timer.dhcpT1' }
  | { type: 'timer.dhcpT2' }
  | { type: 'timer.dhcpLease' };

export const DHCP_TIMER_EVENTS: Readonly<Record<DhcpTimer, MnDhcpEvent['type']>> = {
  retransmit: 'timer.dhcpRetransmit',
  t1: 'timer.dhcpT1',
  t2: 'timer.dhcpT2',
  expire: 'timer.dhcpLease',
};

export const DHCP_TIMER_NAMES: Readonly<Record<string, string>> = {
  'timer.dhcpRetransmit': 'DHCP retransmission',
  'timer.dhcpT1': 'DHCP renewal time (T1)',
  'timer.dhcpT2': 'DHCP rebinding time (T2)',
  'timer.dhcpLease': 'DHCP lease',
};

export const dhcpTimerId = (t: DhcpTimer): string => `dhcp:${t}`;
export const DHCP_ROUTE_OWNER = 'dhcp-default-router';

/** The client input an MN event stands for; undefined if it is not one. */
export function dhcpInput(event: { type: string }): DhcpInput | undefined {
  switch (event.type) {
    case 'l2.attach':
      return { type: 'start' };
    case 'rx.dhcp': {
      const { type: _t, ...reply } = event as Extract<MnDhcpEvent, { type: 'rx.dhcp' }>;
      return { type: 'reply', reply };
    }
    case 'timer.dhcpRetransmit':
      return { type: 'retransmit' };
    case 'timer.dhcpT1':
      return { type: 't1' };
    case 'timer.dhcpT2':
      return { type: 't2' };
    case 'timer.dhcpLease':
      return { type: 'expire' };
    default:
      return undefined;
  }
}

/** What the MN does for one DHCP step. */
export type MnDhcpOp =
  | { op: 'emit'; effect: Effect }
  | { op: 'cancel'; id: string }
  | { op: 'raise'; event: MnDhcpEvent; id: string; delayMs: number };

function ops(a: DhcpAction, iface: string): MnDhcpOp[] {
  switch (a.type) {
    case 'send':
      return [{ op: 'emit', effect: { type: 'tx', packet: a.packet, iface, ...(a.broadcast ? { dstMac: BROADCAST_MAC } : {}) } }];
    case 'timer': {
      const id = dhcpTimerId(a.timer);
      return [{ op: 'cancel', id }, { op: 'raise', event: { type: DHCP_TIMER_EVENTS[a.timer] } as MnDhcpEvent, id, delayMs: a.delayMs }];
    }
    case 'cancel':
      return [{ op: 'cancel', id: dhcpTimerId(a.timer) }];
    case 'note':
      return [{ op: 'emit', effect: { type: 'note', text: a.text, section: a.section } }];
    case 'bind': {
      const l = a.lease;
      if (a.renewed) {
        return [{ op: 'emit', effect: { type: 'note', text: `The server ${l.server} extends the lease on ${l.address} for ${l.leaseSecs} s.`, section: 'RFC 2131 §4.4.5' } }];
      }
      const out: MnDhcpOp[] = [
        { op: 'emit', effect: { type: 'address.add', iface, addr: `${l.address}/${l.prefixLength}` } },
        {
          op: 'emit',
          effect: { type: 'note', text: `DHCPACK from ${l.server}: the MN takes ${l.address}/${l.prefixLength} for ${l.leaseSecs} s (T1 ${l.t1Secs} s, T2 ${l.t2Secs} s).`, section: 'RFC 2131 §4.4.1' },
        },
      ];
      if (l.router) {
        out.push({ op: 'emit', effect: { type: 'route.add', owner: DHCP_ROUTE_OWNER, dst: '0.0.0.0/0', iface } });
        out.push({ op: 'emit', effect: { type: 'note', text: `The MN's IPv4 default route is via ${l.router} (option 3).`, section: 'RFC 2132 §3.5' } });
      }
      return out;
    }
    case 'unbind': {
      const out: MnDhcpOp[] = [
        { op: 'emit', effect: { type: 'address.remove', iface, addr: a.lease.address } },
        { op: 'emit', effect: { type: 'note', text: `The MN gives up ${a.lease.address}: ${a.why}.`, section: 'RFC 2131 §4.4.5' } },
      ];
      if (a.lease.router) out.push({ op: 'emit', effect: { type: 'route.remove', owner: DHCP_ROUTE_OWNER } });
      return out;
    }
  }
}

/** The client's step for an MN event, as the new client state and the MN's operations. */
export function mnDhcpStep(client: DhcpClient, event: { type: string }, o: { env: Env; iface: string }): { client: DhcpClient; ops: MnDhcpOp[] } | undefined {
  const input = dhcpInput(event);
  if (!input) return undefined;
  const r = dhcpStep(client, input, o.env);
  return { client: r.client, ops: r.actions.flatMap((a) => ops(a, o.iface)) };
}

const seconds = (us: number): string => `${(us / 1e6).toFixed(3)} s`;

/** The 'DHCP lease' table: one row once the client has a lease. */
export function dhcpLeaseRows(c: DhcpClient | undefined): Record<string, string>[] {
  const l = c?.lease;
  if (!c || !l) return [];
  const at = (secs: number): string => (l.leaseSecs === 0xffffffff ? 'never' : seconds(l.startUs + secs * 1e6));
  return [{ address: `${l.address}/${l.prefixLength}`, server: l.server, state: c.state, T1: at(l.t1Secs), T2: at(l.t2Secs), expires: at(l.leaseSecs) }];
}
