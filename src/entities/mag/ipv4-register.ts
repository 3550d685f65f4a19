import { HANDOFF_INDICATOR } from '../../wire/mh';
import type { Draft } from './draft';
import { ipv4HomeRequestOptions } from './ipv4-home-config';
import { requestedLifetime } from './lifecycle';
import { requestedPrefix } from './messages';

/** The DHCP trigger came (RFC 5844 §3.4.3): send the registration, with the IPv4 Home Address Request. */
export function register(d: Draft, nai: string, why: string): void {
  const e = d.set(nai, { state: 'registering' });
  const hi = e.handoff === true ? HANDOFF_INDICATOR.BETWEEN_MAGS : e.handoff === false ? HANDOFF_INDICATOR.NEW_INTERFACE : HANDOFF_INDICATOR.UNKNOWN;
  d.sendPbu(nai, 'registration', { hi, hnp: requestedPrefix(e.policy!), lifetimeSeconds: requestedLifetime(d, e) });
  const request = ipv4HomeRequestOptions(d.config, d.entry(nai))[0]?.address;
  d.note(`${why} ${d.config.name} sends the Proxy Binding Update with the IPv4 Home Address Request option (${String(request ?? 'none')}).`, 'seed 002 §3.2.2, Fig. 4; RFC 5844 §3.3.1');
}
