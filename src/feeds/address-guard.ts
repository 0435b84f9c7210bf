import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Names a reason when `ip` must not be connected to (loopback, private, link-local, CGNAT,
 * multicast, unspecified, reserved, or an IPv4-mapped IPv6 form of those); null when it is public.
 */
export function blockedReason(ip: string): string | null {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // Zone ids (fe80::1%eth0) are only ever link-local; refuse outright.
  if (bare.includes('%')) return 'scoped IPv6 address';
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() unwraps ::ffff:a.b.c.d into the IPv4 address it carries.
    addr = ipaddr.process(bare);
  } catch {
    return 'unparseable IP address';
  }
  const range = addr.range();
  // Only plain global unicast is reachable; everything else (private, loopback, 6to4, NAT64 …) is refused
  // because several of those ranges can tunnel back to an internal address.
  return range === 'unicast' ? null : `${range} address ${addr.toString()}`;
}

/** The host part of a WHATWG-normalised hostname, without IPv6 brackets and a trailing dot. */
export function bareHost(hostname: string): string {
  let h = hostname.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/** Canonical text of an IP literal (so '::ffff:7f00:1' and '::ffff:127.0.0.1' compare equal), else the input. */
function canonicalIp(s: string): string {
  const h = bareHost(s);
  if (!net.isIP(h)) return h;
  try {
    return ipaddr.process(h).toString();
  } catch {
    return h;
  }
}

/** Matcher for allow-listed host names and IPs (compared in canonical form). */
export class AllowList {
  private readonly entries: Set<string>;

  constructor(hosts: readonly string[] = []) {
    this.entries = new Set(hosts.map(canonicalIp));
  }

  /** True when the host name or IP literal is exempt from the address guard. */
  has(hostOrIp: string): boolean {
    return this.entries.size > 0 && this.entries.has(canonicalIp(hostOrIp));
  }
}
