/**
 * Where a role stands in the network, from the mobile node up to the correspondent: the topology
 * view draws one tier above the other. Roles are matched without regard to case, and both the
 * PMIPv6 and the PMIPv4 names are known; a role the lab does not know (a capture names addresses,
 * not roles) is `other`.
 */
export type Tier = 'access' | 'edge' | 'nat' | 'anchor' | 'service' | 'far' | 'other';

const TIERS: Readonly<Record<string, Tier>> = {
  mn: 'access',
  mag: 'edge',
  pma: 'edge',
  fa: 'edge',
  // The PMIP client signals for the MAGs but carries no traffic, and an MN cannot move to it.
  'pmip-client': 'service',
  nat: 'nat',
  lma: 'anchor',
  ha: 'anchor',
  gma: 'anchor',
  aaa: 'service',
  radius: 'service',
  dhcp: 'service',
  'dhcp-server': 'service',
  cn: 'far',
};

export function tierOf(role: string): Tier {
  return TIERS[role.toLowerCase()] ?? 'other';
}

/** Bottom to top, for ordering the ends of a tunnel or a link. */
const RANK: Readonly<Record<Tier, number>> = { access: 0, edge: 1, nat: 2, other: 3, service: 4, anchor: 5, far: 6 };

export function tierRank(tier: Tier): number {
  return RANK[tier];
}
