import { bitfield, flag, ipv4, message, u16, u64, u8, type Described, type Field } from '../core';
// The extension codecs a registration carries register themselves on import.
import './auth';
import { extensionList } from './extensions';
import './pmip';
import { ntpText } from './ntp';

/**
 * Registration Request and Reply (RFC 5944 §3.3, §3.4): the messages a mobile node, foreign agent
 * or PMA (RFC 5563 §4) exchanges with a home agent over UDP port 434.
 */

/** Mobile IP message types (IANA "Mobile IPv4 Message Types"). */
export const MIP_MESSAGE_TYPE: Readonly<Record<number, string>> = {
  1: 'Registration Request',
  3: 'Registration Reply',
  4: 'MIP Tunnel Data',
  7: 'Registration Revocation',
  15: 'Registration Revocation Acknowledgement',
};

/** Registration Reply codes (RFC 5944 §3.4, RFC 2794 §5, RFC 3012 §10, RFC 3519 §3.5, RFC 5563 §8.1). */
export const MIP_REPLY_CODE: Readonly<Record<number, string>> = {
  0: 'registration accepted',
  1: 'registration accepted, but simultaneous mobility bindings unsupported',
  // Denied by the foreign agent
  64: 'FA: reason unspecified',
  65: 'FA: administratively prohibited',
  66: 'FA: insufficient resources',
  67: 'FA: mobile node failed authentication',
  68: 'FA: home agent failed authentication',
  69: 'FA: requested Lifetime too long',
  70: 'FA: poorly formed Request',
  71: 'FA: poorly formed Reply',
  72: 'FA: requested encapsulation unavailable',
  73: 'FA: reserved and unavailable',
  74: 'FA: requested reverse tunnel unavailable',
  75: "FA: reverse tunnel is mandatory and 'T' bit not set",
  76: 'FA: mobile node too distant',
  77: 'FA: invalid care-of address',
  78: 'FA: registration timeout',
  79: 'FA: delivery style not supported',
  80: 'FA: home network unreachable (ICMP error received)',
  81: 'FA: home agent host unreachable (ICMP error received)',
  82: 'FA: home agent port unreachable (ICMP error received)',
  88: 'FA: home agent unreachable (other ICMP error received)',
  96: 'FA: non-zero home address required (NONZERO_HOMEADDR_REQD)',
  97: 'FA: missing NAI (MISSING_NAI)',
  98: 'FA: missing home agent (MISSING_HOME_AGENT)',
  99: 'FA: missing home address (MISSING_HOMEADDR)',
  104: 'FA: unknown challenge (UNKNOWN_CHALLENGE)',
  105: 'FA: missing challenge (MISSING_CHALLENGE)',
  106: 'FA: stale challenge (STALE_CHALLENGE)',
  107: 'FA: missing MN-FA key generation nonce reply extension',
  108: 'FA: mobile node failed AAA authentication',
  109: 'FA: home agent sent wrong challenge in reply',
  // Denied by the home agent
  128: 'HA: reason unspecified',
  129: 'HA: administratively prohibited',
  130: 'HA: insufficient resources',
  131: 'HA: mobile node failed authentication',
  132: 'HA: foreign agent failed authentication',
  133: 'HA: registration Identification mismatch',
  134: 'HA: poorly formed Request',
  135: 'HA: too many simultaneous mobility bindings',
  136: 'HA: unknown home agent address',
  137: 'HA: requested reverse tunnel unavailable',
  138: "HA: reverse tunnel is mandatory and 'T' bit not set",
  139: 'HA: requested encapsulation unavailable',
  142: 'HA: requested UDP tunnel encapsulation unavailable (ERROR_HA_UDP_ENCAP_UNAVAIL)',
  149: 'HA: proxy registration not supported (PMIP_UNSUPPORTED)',
  150: 'HA: proxy registrations from this PMA not allowed (PMIP_DISALLOWED)',
};

/** Whether a reply code accepts the registration (0 and 1; RFC 5944 §3.4). */
export const isAccepted = (code: number): boolean => code === 0 || code === 1;

// ---- Fields shared with the other messages ----------------------------------------------------------

export const mipType = (type: number): Field<'type', number, true> =>
  u8('type', 'mip.type', 'Type', { values: MIP_MESSAGE_TYPE, default: type, spec: 'RFC 5944 §1.8' });

export const lifetimeField = (o: Described = {}): Field<'lifetime', number, false> =>
  u16('lifetime', 'mip.life', 'Lifetime', {
    display: (v) => (v === 0 ? '0 (deregistration)' : v === 0xffff ? '65535 (infinity)' : `${v} s`),
    doc: 'Seconds the binding may last: 0 asks to deregister, 65535 means infinity.',
    ...o,
  });

export const homeAddressField = (): Field<'homeAddress', string, false> =>
  ipv4('homeAddress', 'mip.homeaddr', 'Home Address', {
    doc: "The mobile node's permanent address; 0.0.0.0 asks the home agent to assign one (with an NAI).",
  });

export const homeAgentField = (): Field<'homeAgent', string, false> =>
  ipv4('homeAgent', 'mip.haaddr', 'Home Agent', { doc: "The home agent's address." });

/** Shown as tshark shows `mip.ident`: an NTP date, whatever the sender meant by it. */
export const identificationField = (spec: string): Field<'identification', bigint, false> =>
  u64('identification', 'mip.ident', 'Identification', {
    node: ntpText,
    display: (v) => `${ntpText(v)} (0x${v.toString(16).padStart(16, '0')})`,
    doc: 'Matches a Reply to its Request and protects against replay: an NTP timestamp that must keep increasing.',
    spec,
  });

const or = (v: string | undefined): string => v ?? '?';

// ---- Registration Request (type 1), RFC 5944 §3.3 ---------------------------------------------------
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |S|B|D|M|G|r|T|x|          Lifetime             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Home Address                         |
// |                           Home Agent                          |
// |                        Care-of Address                        |
// |                         Identification (64)                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Extensions ...
export const registrationRequestMessage = message(
  'mip',
  'Mobile IP Registration Request',
  [
    mipType(1),
    bitfield('flags', 'mip.flags', 'Flags', 8, [
      flag('s', 'mip.s', 0x80, 'S: simultaneous bindings', { doc: 'Keep the existing bindings as well as this one.' }),
      flag('b', 'mip.b', 0x40, 'B: broadcast datagrams', { doc: 'Tunnel broadcasts on the home network to the mobile node too.' }),
      flag('d', 'mip.d', 0x20, 'D: decapsulation by mobile node', { doc: 'The care-of address is co-located: the mobile node itself ends the tunnel.' }),
      flag('m', 'mip.m', 0x10, 'M: minimal encapsulation', { doc: 'Tunnel with minimal encapsulation (RFC 2004) rather than IP-in-IP.' }),
      flag('g', 'mip.g', 0x08, 'G: GRE encapsulation', { doc: 'Tunnel with GRE (RFC 2784) rather than IP-in-IP.' }),
      // Formerly V (Van Jacobson compression); tshark 4.0 still names and labels it so (mip.v).
      flag('r', 'mip.v', 0x04, 'r: reserved (sent as 0)'),
      flag('t', 'mip.t', 0x02, 'T: reverse tunnelling', { doc: 'Traffic from the mobile node goes back through the tunnel too (RFC 3024).' }),
      flag('x', 'mip.x', 0x01, 'x: reserved (sent as 0)'),
    ], { spec: 'RFC 5944 §3.3' }),
    lifetimeField({ spec: 'RFC 5944 §3.3' }),
    homeAddressField(),
    homeAgentField(),
    ipv4('careOf', 'mip.coa', 'Care-of Address', {
      doc: 'The tunnel end at the visited network: the foreign agent or PMA, or the mobile node itself (D).',
    }),
    identificationField('RFC 5944 §3.3, §5.7.1'),
    extensionList(),
  ],
  {
    layer: true,
    spec: 'RFC 5944 §3.3',
    summary: (v) => `Reg Request: HoA=${or(v.homeAddress)} HA=${or(v.homeAgent)} CoA=${or(v.careOf)}`,
  },
);

// ---- Registration Reply (type 3), RFC 5944 §3.4 -----------------------------------------------------
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type      |     Code      |           Lifetime            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Home Address                         |
// |                           Home Agent                          |
// |                         Identification (64)                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Extensions ...
export const registrationReplyMessage = message(
  'mip',
  'Mobile IP Registration Reply',
  [
    mipType(3),
    u8('code', 'mip.code', 'Code', {
      values: MIP_REPLY_CODE,
      doc: '0 and 1 accept; 64–127 are denials by the foreign agent, 128 and up by the home agent.',
      spec: 'RFC 5944 §3.4',
    }),
    lifetimeField({ spec: 'RFC 5944 §3.4', doc: 'Seconds the home agent grants: it may be less than requested.' }),
    homeAddressField(),
    homeAgentField(),
    identificationField('RFC 5944 §3.4, §5.7.1'),
    extensionList(),
  ],
  {
    layer: true,
    spec: 'RFC 5944 §3.4',
    summary: (v) => `Reg Reply: HoA=${or(v.homeAddress)} HA=${or(v.homeAgent)}, Code=${v.code ?? '?'}`,
  },
);

export type RegistrationRequest = Parameters<typeof registrationRequestMessage.encode>[1];
export type RegistrationReply = Parameters<typeof registrationReplyMessage.encode>[1];
export type RrqFlags = NonNullable<RegistrationRequest['flags']>;

