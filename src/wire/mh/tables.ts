/**
 * The Mobility Header's number tables, with the IANA meanings ("Mobility IPv6 Parameters"
 * registry). The codecs show them in the inspector; the machines use the same constants to fill in
 * and read status codes, so a name cannot drift from its number.
 */

type Table = Readonly<Record<number, string>>;

/** MH Type (RFC 6275 §6.1.1 and the IANA "Mobility Header Types" registry). */
export const MH_TYPE = {
  BINDING_REFRESH_REQUEST: 0,
  HOME_TEST_INIT: 1,
  CARE_OF_TEST_INIT: 2,
  HOME_TEST: 3,
  CARE_OF_TEST: 4,
  BINDING_UPDATE: 5,
  BINDING_ACK: 6,
  BINDING_ERROR: 7,
  HEARTBEAT: 13,
  BINDING_REVOCATION: 16,
} as const;

export const MH_TYPE_NAMES: Table = {
  0: 'Binding Refresh Request',
  1: 'Home Test Init',
  2: 'Care-of Test Init',
  3: 'Home Test',
  4: 'Care-of Test',
  5: 'Binding Update',
  6: 'Binding Acknowledgement',
  7: 'Binding Error',
  8: 'Fast Binding Update',
  9: 'Fast Binding Acknowledgement',
  10: 'Fast Neighbor Advertisement',
  11: 'Experimental Mobility Header',
  12: 'Home Agent Switch',
  13: 'Heartbeat',
  14: 'Handover Initiate',
  15: 'Handover Acknowledge',
  16: 'Binding Revocation',
  17: 'Localized Routing Initiation',
  18: 'Localized Routing Acknowledgement',
};

/** Mobility option types (IANA "Mobility Options"); PROTOCOLS.md §2.1 lists the ones the lab sends. */
export const OPTION = {
  PAD1: 0,
  PADN: 1,
  ALTERNATE_COA: 3,
  MN_ID: 8,
  VENDOR_SPECIFIC: 19,
  SERVICE_SELECTION: 20,
  HOME_NETWORK_PREFIX: 22,
  HANDOFF_INDICATOR: 23,
  ACCESS_TECHNOLOGY_TYPE: 24,
  MN_LINK_LAYER_ID: 25,
  LINK_LOCAL_ADDRESS: 26,
  TIMESTAMP: 27,
  RESTART_COUNTER: 28,
  IPV4_HOME_ADDRESS: 29,
  IPV4_ADDRESS_ACK: 30,
  NAT_DETECTION: 31,
  IPV4_COA: 32,
  GRE_KEY: 33,
  IPV4_HOA_REQUEST: 36,
  IPV4_HOA_REPLY: 37,
  IPV4_DEFAULT_ROUTER: 38,
  IPV4_DHCP_SUPPORT_MODE: 39,
} as const;

/**
 * Binding Acknowledgement Status (IANA "Binding Acknowledgement Status Codes"). Below 128 the
 * binding was accepted, from 128 on it was rejected (RFC 6275 §6.1.8).
 *
 * Wireshark 4.0 quirk (PROTOCOLS.md §1.7): it still labels 145–148 with the 2007 PMIPv6 draft
 * meanings ("Proxy Registration not supported by the LMA", "Proxy Registrations from this MAG not
 * allowed", "No home address for this NAI", "Invalid Time Stamp Option"). IANA gave those numbers
 * to RFC 4285 and RFC 4866, which is what we show; PMIPv6 uses 152–162 instead.
 */
export const BA_STATUS = {
  ACCEPTED: 0,
  ACCEPTED_PREFIX_DISCOVERY: 1,
  GRE_KEY_OPTION_NOT_REQUIRED: 2,
  GRE_TUNNELING_BUT_TLV_HEADER_NOT_SUPPORTED: 3,
  REASON_UNSPECIFIED: 128,
  ADMINISTRATIVELY_PROHIBITED: 129,
  INSUFFICIENT_RESOURCES: 130,
  PROXY_REG_NOT_ENABLED: 152,
  NOT_LMA_FOR_THIS_MOBILE_NODE: 153,
  MAG_NOT_AUTHORIZED_FOR_PROXY_REG: 154,
  NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX: 155,
  TIMESTAMP_MISMATCH: 156,
  TIMESTAMP_LOWER_THAN_PREV_ACCEPTED: 157,
  MISSING_HOME_NETWORK_PREFIX_OPTION: 158,
  BCE_PBU_PREFIX_SET_DO_NOT_MATCH: 159,
  MISSING_MN_IDENTIFIER_OPTION: 160,
  MISSING_HANDOFF_INDICATOR_OPTION: 161,
  MISSING_ACCESS_TECH_TYPE_OPTION: 162,
  GRE_KEY_OPTION_REQUIRED: 163,
  NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE: 170,
  NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS: 171,
  NOT_AUTHORIZED_FOR_IPV6_MOBILITY_SERVICE: 172,
  MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED: 173,
} as const;

export const BA_STATUS_NAMES: Table = {
  0: 'Binding Update accepted / Proxy Binding Update accepted',
  1: 'Accepted but prefix discovery necessary',
  2: 'GRE_KEY_OPTION_NOT_REQUIRED',
  3: 'GRE_TUNNELING_BUT_TLV_HEADER_NOT_SUPPORTED',
  4: 'MCOA NOTCOMPLETE',
  5: 'MCOA RETURNHOME WO/NDP',
  128: 'Reason unspecified',
  129: 'Administratively prohibited',
  130: 'Insufficient resources',
  131: 'Home registration not supported',
  132: 'Not home subnet',
  133: 'Not home agent for this mobile node',
  134: 'Duplicate Address Detection failed',
  135: 'Sequence number out of window',
  136: 'Expired home nonce index',
  137: 'Expired care-of nonce index',
  138: 'Expired nonces',
  139: 'Registration type change disallowed',
  140: 'Mobile Router Operation not permitted',
  141: 'Invalid Prefix',
  142: 'Not Authorized for Prefix',
  143: 'Forwarding Setup failed (prefixes missing)',
  144: 'MIPV6-ID-MISMATCH',
  145: 'MIPV6-MESG-ID-REQD',
  146: 'MIPV6-AUTH-FAIL',
  147: 'Permanent home keygen token unavailable',
  148: 'CGA and signature verification failed',
  149: 'Permanent home keygen token exists',
  150: 'Non-null home nonce index expected',
  151: 'SERVICE_AUTHORIZATION_FAILED',
  152: 'PROXY_REG_NOT_ENABLED',
  153: 'NOT_LMA_FOR_THIS_MOBILE_NODE',
  154: 'MAG_NOT_AUTHORIZED_FOR_PROXY_REG',
  155: 'NOT_AUTHORIZED_FOR_HOME_NETWORK_PREFIX',
  156: 'TIMESTAMP_MISMATCH',
  157: 'TIMESTAMP_LOWER_THAN_PREV_ACCEPTED',
  158: 'MISSING_HOME_NETWORK_PREFIX_OPTION',
  159: 'BCE_PBU_PREFIX_SET_DO_NOT_MATCH',
  160: 'MISSING_MN_IDENTIFIER_OPTION',
  161: 'MISSING_HANDOFF_INDICATOR_OPTION',
  162: 'MISSING_ACCESS_TECH_TYPE_OPTION',
  163: 'GRE_KEY_OPTION_REQUIRED',
  164: 'MCOA MALFORMED',
  165: 'MCOA NON-MCOA BINDING EXISTS',
  166: 'MCOA PROHIBITED',
  167: 'MCOA UNKNOWN COA',
  168: 'MCOA BULK REGISTRATION PROHIBITED',
  169: 'MCOA SIMULTANEOUS HOME AND FOREIGN PROHIBITED',
  170: 'NOT_AUTHORIZED_FOR_IPV4_MOBILITY_SERVICE',
  171: 'NOT_AUTHORIZED_FOR_IPV4_HOME_ADDRESS',
  172: 'NOT_AUTHORIZED_FOR_IPV6_MOBILITY_SERVICE',
  173: 'MULTIPLE_IPV4_HOME_ADDRESS_ASSIGNMENT_NOT_SUPPORTED',
  174: 'Invalid Care-of Address',
};

/** Binding Error Status (RFC 6275 §6.1.9). */
export const BE_STATUS: Table = {
  1: 'Unknown binding for Home Address destination option',
  2: 'Unrecognized MH Type value',
};

/** Handoff Indicator (RFC 5213 §8.4): why the MAG is sending this PBU. */
export const HANDOFF_INDICATOR = {
  RESERVED: 0,
  NEW_INTERFACE: 1,
  BETWEEN_INTERFACES: 2,
  BETWEEN_MAGS: 3,
  UNKNOWN: 4,
  NOT_CHANGED: 5,
} as const;

export const HANDOFF_INDICATOR_NAMES: Table = {
  0: 'Reserved',
  1: 'Attachment over a new interface',
  2: 'Handoff between two different interfaces of the mobile node',
  3: 'Handoff between mobile access gateways for the same interface',
  4: 'Handoff state unknown',
  5: 'Handoff state not changed (Re-registration)',
};

/**
 * Access Technology Type (RFC 5213 §8.5 and IANA). Not the PMIPv4 numbering, where 802.3 is 1.
 * Wireshark 4.0 does not know 13.
 */
export const ACCESS_TECHNOLOGY = {
  RESERVED: 0,
  VIRTUAL: 1,
  PPP: 2,
  IEEE_802_3: 3,
  IEEE_802_11: 4,
  IEEE_802_16E: 5,
  GERAN: 6,
  UTRAN: 7,
  E_UTRAN: 8,
  EHRPD: 9,
  HRPD: 10,
  ONE_X_RTT: 11,
  UMB: 12,
  NB_IOT: 13,
} as const;

export const ACCESS_TECHNOLOGY_NAMES: Table = {
  0: 'Reserved',
  1: 'Virtual',
  2: 'PPP',
  3: 'IEEE 802.3',
  4: 'IEEE 802.11a/b/g',
  5: 'IEEE 802.16e',
  6: '3GPP GERAN',
  7: '3GPP UTRAN',
  8: '3GPP E-UTRAN',
  9: '3GPP2 eHRPD',
  10: '3GPP2 HRPD',
  11: '3GPP2 1xRTT',
  12: '3GPP2 UMB',
  13: '3GPP NB-IoT',
};

/**
 * IPv4 Address Acknowledgement Status (RFC 5555 §3.2.1); the IPv4 Home Address Reply (RFC 5844
 * §3.3.2) uses the same numbers without 133. Wireshark 4.0 labels 128–132 with access-technology
 * names ("Virtual", "PPP", …) for both options: the numbers are right, its texts are not.
 */
export const IPV4_ACK_STATUS = {
  SUCCESS: 0,
  FAILURE_UNSPECIFIED: 128,
  ADMINISTRATIVELY_PROHIBITED: 129,
  INCORRECT_IPV4_HOME_ADDRESS: 130,
  INVALID_IPV4_ADDRESS: 131,
  DYNAMIC_ASSIGNMENT_NOT_AVAILABLE: 132,
  PREFIX_ALLOCATION_UNAUTHORIZED: 133,
} as const;

export const IPV4_ACK_STATUS_NAMES: Table = {
  0: 'Success',
  128: 'Failure, reason unspecified',
  129: 'Administratively prohibited',
  130: 'Incorrect IPv4 home address',
  131: 'Invalid IPv4 address',
  132: 'Dynamic IPv4 home address assignment not available',
  133: 'Prefix allocation unauthorized',
};

export const IPV4_HOA_REPLY_STATUS_NAMES: Table = Object.fromEntries(
  Object.entries(IPV4_ACK_STATUS_NAMES).filter(([code]) => code !== '133'),
);

/** Binding Revocation Type (RFC 5846 §6.1). */
export const BR_TYPE = { INDICATION: 1, ACKNOWLEDGEMENT: 2 } as const;

export const BR_TYPE_NAMES: Table = {
  1: 'Binding Revocation Indication',
  2: 'Binding Revocation Acknowledgement',
};

/** Revocation Trigger (RFC 5846 §5.1): below 128 per mobile node, from 128 on global. */
export const REVOCATION_TRIGGER = {
  UNSPECIFIED: 0,
  ADMINISTRATIVE: 1,
  INTER_MAG_SAME_ACCESS: 2,
  INTER_MAG_DIFFERENT_ACCESS: 3,
  INTER_MAG_UNKNOWN: 4,
  USER_SESSION_TERMINATION: 5,
  ACCESS_NETWORK_SESSION_TERMINATION: 6,
  OUT_OF_SYNC_BCE: 7,
  PER_PEER_POLICY: 128,
  LOCAL_POLICY: 129,
} as const;

export const REVOCATION_TRIGGER_NAMES: Table = {
  0: 'Unspecified',
  1: 'Administrative Reason',
  2: 'Inter-MAG Handover - same Access Type',
  3: 'Inter-MAG Handover - different Access Type',
  4: 'Inter-MAG Handover - Unknown',
  5: 'User-Initiated Session(s) Termination',
  6: 'Access Network Session(s) Termination',
  7: 'Possible Out-of-Sync BCE State',
  128: 'Per-Peer Policy',
  129: 'Revoking Mobility Node Local Policy',
};

/**
 * Binding Revocation Acknowledgement Status (RFC 5846 §5.2). Wireshark 4.0 decodes this field with
 * an obsolete draft table (0–6), so 128 and above show as unknown there.
 */
export const BRA_STATUS = {
  SUCCESS: 0,
  PARTIAL_SUCCESS: 1,
  BINDING_DOES_NOT_EXIST: 128,
  IPV4_HOA_OPTION_REQUIRED: 129,
  GLOBAL_REVOCATION_NOT_AUTHORIZED: 130,
  MN_IDENTITY_REQUIRED: 131,
  MN_IS_ATTACHED: 132,
  TRIGGER_NOT_SUPPORTED: 133,
  FUNCTION_NOT_SUPPORTED: 134,
  PROXY_REVOCATION_NOT_SUPPORTED: 135,
} as const;

export const BRA_STATUS_NAMES: Table = {
  0: 'Success',
  1: 'Partial success',
  128: 'Binding Does NOT Exist',
  129: 'IPv4 Home Address Option Required',
  130: 'Global Revocation NOT Authorized',
  131: 'Revoked Mobile Nodes Identity Required',
  132: 'Revocation Failed - MN is Attached',
  133: 'Revocation Trigger NOT Supported',
  134: 'Revocation Function NOT Supported',
  135: 'Proxy Binding Revocation NOT Supported',
};

/** Mobile Node Identifier subtypes (RFC 4283 §3): the lab sends only the NAI. */
export const MN_ID_SUBTYPE = { NAI: 1 } as const;

export const MN_ID_SUBTYPE_NAMES: Table = { 1: 'Network Access Identifier (NAI)' };
