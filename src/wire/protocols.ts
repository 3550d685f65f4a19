/*
 * Every protocol module, imported for its registrations (codecs and dispatch bindings). Import
 * this once before dissecting; the order does not matter because bindings name protocols by id.
 */
import './data';
import './udp';
import './gre';
import './tlv-header';
import './ppp';
import './ipcp';
import './sctp';
import './netlmm';
import './mipv4';
import './r4';
import './movement';
import './ethernet';
import './arp';
import './ipv4';
import './ipv6';
import './ipv6-ext';
import './icmp';
import './icmpv6';
import './rawip';
import './dhcpv4';
import './dhcpv6';
import './radius';
import './mh';
