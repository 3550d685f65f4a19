import { describe, expect, it } from 'vitest';
import { detectNat, keepaliveSeconds, NATKATIMEOUT_S, natDetectionReply, NO_KEEPALIVE } from '../../../src/protocols/pmipv6';

describe('NAT detection (RFC 5555 §4.2, seed 002 §4.1)', () => {
  it('sees a NAT when the IPv4 Care-of Address option differs from the packet’s source', () => {
    const v = detectNat({ outerSource: '198.51.100.1', careOfAddress: '10.0.1.1' });
    expect(v.detected).toBe(true);
    expect(v.why).toMatch(/198\.51\.100\.1.*10\.0\.1\.1/);
  });

  it('sees none when they match', () => {
    expect(detectNat({ outerSource: '192.0.2.1', careOfAddress: '192.0.2.1' }).detected).toBe(false);
  });

  it('cannot see a NAT without the option, and says so (RFC 5844 takes the source as the care-of address)', () => {
    const v = detectNat({ outerSource: '198.51.100.1', careOfAddress: undefined });
    expect(v.detected).toBe(false);
    expect(v.why).toMatch(/no IPv4 Care-of Address option/);
  });
});

describe('the NAT Detection option the LMA sends (RFC 5555 §3.2.2, RFC 5844 §4.2.2)', () => {
  it('after a NAT: F and the configured refresh time', () => {
    expect(natDetectionReply({ natDetected: true, forced: false, refreshSeconds: 20 })).toEqual({ f: true, refreshTime: 20 });
    expect(natDetectionReply({ natDetected: true, forced: true, refreshSeconds: 20 })).toEqual({ f: true, refreshTime: 20 });
  });

  it('for the F flag without a NAT: F and all ones (no keepalives)', () => {
    expect(natDetectionReply({ natDetected: false, forced: true, refreshSeconds: 20 })).toEqual({ f: true, refreshTime: NO_KEEPALIVE });
  });

  it('otherwise none', () => {
    expect(natDetectionReply({ natDetected: false, forced: false, refreshSeconds: 20 })).toBeUndefined();
  });
});

describe('how often the MAG refreshes (RFC 5555 §4.3)', () => {
  it('takes the LMA’s refresh time; zero means NATKATIMEOUT; all ones or no option means never', () => {
    expect(keepaliveSeconds({ refreshTime: 20 })).toBe(20);
    expect(keepaliveSeconds({ refreshTime: 0 })).toBe(NATKATIMEOUT_S);
    expect(NATKATIMEOUT_S).toBe(110);
    expect(keepaliveSeconds({ refreshTime: NO_KEEPALIVE })).toBeUndefined();
    expect(keepaliveSeconds(undefined)).toBeUndefined();
  });
});
