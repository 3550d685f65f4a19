// The scenario catalog: every call flow of the source documents, with a stable id.
// Ids appear in URLs, in the CLI and in lessons, so they never change once published.
// This list is data only; each scenario's topology, script and parameters live in their own modules.

/** The documents PMIP Lab teaches, by the name they were published under. */
export const documents = {
  'draft-leung-mip4-proxy-mode-03': {
    title: 'WiMAX Forum/3GPP2 Proxy Mobile IPv4',
    date: '2007-07',
  },
  'draft-sgundave-mip6-proxymip6-01': {
    title: 'Proxy Mobile IPv6',
    date: '2007-01',
  },
  'draft-ietf-netlmm-pmip6-ipv4-support-02': {
    title: 'IPv4 Support for Proxy Mobile IPv6',
    date: '2007-11',
  },
  'draft-singh-netlmm-protocol-02': {
    title: 'A Protocol for Network-based Localized Mobility Management',
    date: '2007-03',
  },
  'RFC 5563': {
    title: 'WiMAX Forum / 3GPP2 Proxy Mobile IPv4',
    date: '2010-02',
  },
} as const satisfies Readonly<Record<string, { readonly title: string; readonly date: string }>>;

export type DocumentName = keyof typeof documents;

/** The protocol families, in the order the lab presents them. */
export const families = [
  {
    id: 'pmipv6',
    title: 'Proxy Mobile IPv6',
    numbers: ['RFC 5213'],
  },
  {
    id: 'pmipv6-ipv4',
    title: 'IPv4 support for PMIPv6',
    numbers: ['RFC 5844', 'RFC 5555'],
  },
  {
    id: 'pmipv4',
    title: 'Proxy Mobile IPv4',
    numbers: ['RFC 5563', 'RFC 5944', 'RFC 3543'],
  },
  {
    id: 'netlmm',
    title: 'Localized mobility with a separate PMIP client',
    numbers: ['RFC 5213', 'RFC 6275'],
  },
] as const satisfies readonly FamilyEntry[];

export interface FamilyEntry {
  readonly id: string;
  readonly title: string;
  /** Where the numbers on the wire come from: the published RFCs, not the drafts. */
  readonly numbers: readonly string[];
}

export type FamilyId = (typeof families)[number]['id'];

/** A place in a source document: its name and the sections, figures or appendices cited. */
export interface SourceRef {
  readonly document: DocumentName;
  /** As cited: "§6.10", "Fig. 2", "App. B". */
  readonly sections: readonly string[];
}

export type ScenarioStatus = 'coming' | 'runnable';

export interface ScenarioEntry {
  readonly id: string;
  readonly family: FamilyId;
  readonly title: string;
  /** One sentence a learner reads before choosing the scenario. */
  readonly summary: string;
  readonly sources: readonly SourceRef[];
  readonly status: ScenarioStatus;
}

const entries = [
  // Proxy Mobile IPv6
  {
    id: 'pmipv6-attach',
    family: 'pmipv6',
    title: 'Initial attachment',
    summary:
      'A mobile node attaches to a MAG, which checks its profile with the AAA server, registers it at the LMA with a Proxy Binding Update and advertises its home network prefix.',
    sources: [{ document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§3', '§6.10', '§7.1'] }],
    status: 'coming',
  },
  {
    id: 'pmipv6-handover',
    family: 'pmipv6',
    title: 'Handover between MAGs',
    summary:
      'The mobile node moves from MAG1 to MAG2 and keeps its prefix while the LMA moves the route to the new tunnel, and the run counts the packets lost on the way.',
    sources: [
      { document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§5.5', '§6.10', '§7.2', '§7.3'] },
    ],
    status: 'coming',
  },
  {
    id: 'pmipv6-renewal',
    family: 'pmipv6',
    title: 'Binding renewal and expiry',
    summary:
      'The MAG refreshes the binding before its lifetime ends; then the mobile node vanishes without a detach and the binding, then the tunnel, expire at the LMA.',
    sources: [{ document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§5.2', '§6.6'] }],
    status: 'coming',
  },
  {
    id: 'pmipv6-detach',
    family: 'pmipv6',
    title: 'Detach and de-registration',
    summary:
      'The MAG detects the detach and de-registers with a zero lifetime; the LMA removes the binding and the route, and the tunnel only when no other node uses it.',
    sources: [{ document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§6.10'] }],
    status: 'coming',
  },
  {
    id: 'pmipv6-shared-tunnel',
    family: 'pmipv6',
    title: 'Two mobile nodes share a tunnel',
    summary:
      'Two mobile nodes on one MAG share a single MAG–LMA tunnel with a user count; when one of them moves away, the tunnel stays up for the other.',
    sources: [{ document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§5.2', '§6.6'] }],
    status: 'coming',
  },
  {
    id: 'pmipv6-reject',
    family: 'pmipv6',
    title: 'Refusals and retransmission',
    summary:
      'Every way a registration fails (unauthorized MAG, stale timestamp, missing prefix, AAA rejection, lost acknowledgement) and how the MAG reacts to each.',
    sources: [{ document: 'draft-sgundave-mip6-proxymip6-01', sections: ['§5.5', '§6.10', '§8.5'] }],
    status: 'coming',
  },

  // IPv4 support for PMIPv6
  {
    id: 'pmipv6-ipv4-home-address',
    family: 'pmipv6-ipv4',
    title: 'IPv4 home address over DHCP',
    summary:
      'An IPv4 mobile node gets a home address through DHCP, with the server at the MAG, at the LMA or elsewhere, and keeps it when it moves to another MAG.',
    sources: [
      {
        document: 'draft-ietf-netlmm-pmip6-ipv4-support-02',
        sections: ['§3.2.2', 'Fig. 2', 'Fig. 3', 'Fig. 14', 'Fig. 15'],
      },
    ],
    status: 'coming',
  },
  {
    id: 'pmipv6-ipv4-transport',
    family: 'pmipv6-ipv4',
    title: 'IPv4 transport and NAT traversal',
    summary:
      'MAG and LMA share only an IPv4 network: the binding rides in UDP, and a NAT between them is detected and traversed, as the draft proposed and RFC 5844 later narrowed.',
    sources: [
      {
        document: 'draft-ietf-netlmm-pmip6-ipv4-support-02',
        sections: ['§4', 'Figs. 7–13'],
      },
    ],
    status: 'coming',
  },

  // Proxy Mobile IPv4
  {
    id: 'pmipv4-attach',
    family: 'pmipv4',
    title: 'Network connection setup',
    summary:
      'After access authentication the MAG sends a Proxy Registration Request for the mobile node, then hands it the assigned home address through DHCP or PPP.',
    sources: [
      { document: 'draft-leung-mip4-proxy-mode-03', sections: ['Fig. 1'] },
      { document: 'RFC 5563', sections: ['Fig. 1'] },
    ],
    status: 'coming',
  },
  {
    id: 'pmipv4-renewal',
    family: 'pmipv4',
    title: 'Re-registration',
    summary:
      'The MAG renews the registration of the assigned home address before its lifetime runs out.',
    sources: [{ document: 'RFC 5563', sections: ['Fig. 2'] }],
    status: 'coming',
  },
  {
    id: 'pmipv4-handover',
    family: 'pmipv4',
    title: 'Handover with registration revocation',
    summary:
      'The mobile node moves to a new MAG; the LMA updates the binding and revokes the registration at the previous MAG, which cleans up and acknowledges.',
    sources: [
      { document: 'draft-leung-mip4-proxy-mode-03', sections: ['Fig. 2'] },
      { document: 'RFC 5563', sections: ['Fig. 3', 'Fig. 4', '§4.4'] },
    ],
    status: 'coming',
  },
  {
    id: 'pmipv4-reject',
    family: 'pmipv4',
    title: 'Denied registrations',
    summary:
      'Registrations the LMA turns down (prohibited, unsupported, disallowed, identification mismatch, failed authentication) and how the MAG recovers, plus dynamic home agent discovery.',
    sources: [
      { document: 'draft-leung-mip4-proxy-mode-03', sections: ['§4.4', '§8.1'] },
      { document: 'RFC 5563', sections: ['§4.6', '§8.1'] },
    ],
    status: 'coming',
  },
  {
    id: 'pmipv4-wimax',
    family: 'pmipv4',
    title: 'WiMAX split proxy agent',
    summary:
      'The PMIPv4 client stays anchored in the authenticator while the foreign agent follows the data path; a handover over R4 moves the FA and data keeps flowing from the old one.',
    sources: [{ document: 'RFC 5563', sections: ['§10', 'Fig. 5', 'Fig. 6'] }],
    status: 'coming',
  },
  {
    id: 'pmipv4-3gpp2',
    family: 'pmipv4',
    title: '3GPP2 access gateway',
    summary:
      'A base station registers the mobile node with the access gateway and receives a GRE key; a handover without revocation holds the new binding tentative until the old base station confirms.',
    sources: [{ document: 'RFC 5563', sections: ['§11', 'Figs. 7–11'] }],
    status: 'coming',
  },

  // Localized mobility with a separate PMIP client
  {
    id: 'netlmm-attach',
    family: 'netlmm',
    title: 'Attachment with a global mobility anchor',
    summary:
      'The MAG triggers a separate PMIP client over SCTP to bind the proxy home address at the LMA, then a Mobile IPv6 node binds its global home address at the GMA.',
    sources: [{ document: 'draft-singh-netlmm-protocol-02', sections: ['Fig. 2'] }],
    status: 'coming',
  },
  {
    id: 'netlmm-handover',
    family: 'netlmm',
    title: 'Handoff with context transfer',
    summary:
      'The node moves to MAG2, which receives its context and forwarded data from MAG1 and has the PMIP client update the binding with the new proxy care-of address.',
    sources: [
      { document: 'draft-singh-netlmm-protocol-02', sections: ['Fig. 3', 'App. B', 'App. C'] },
    ],
    status: 'coming',
  },
] as const satisfies readonly ScenarioEntry[];

export type ScenarioId = (typeof entries)[number]['id'];

/** Every scenario, in the order the lab lists them. */
export const catalog: readonly ScenarioEntry[] = checkCatalog(entries);

/** The scenarios of one family, in catalog order. */
export function scenariosOf(family: FamilyId): readonly ScenarioEntry[] {
  return catalog.filter((entry) => entry.family === family);
}

/** The entry for an id, or undefined for an id the catalog does not know. */
export function findScenario(id: string): ScenarioEntry | undefined {
  return catalog.find((entry) => entry.id === id);
}

// An impossible catalog fails at import, so the first test run shows it.
function checkCatalog(list: readonly ScenarioEntry[]): readonly ScenarioEntry[] {
  const seen = new Set<string>();
  for (const entry of list) {
    if (seen.has(entry.id)) throw new Error(`scenario catalog: duplicate id "${entry.id}"`);
    if (entry.sources.length === 0) throw new Error(`scenario catalog: "${entry.id}" cites no source`);
    seen.add(entry.id);
  }
  return list;
}
