import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParamSpec, ParamValue } from '../../src/scenarios/params';
import { runnableIds, runnableScenario } from '../../src/scenarios/registry';
import type { Fault } from '../../src/sim/faults';
import { decodeState, encodeState, MAX_SHARE_LENGTH, type ScenarioLookup, type ShareState } from '../../src/share/url';

/** A scenario with one parameter of each kind, so the URL is tested before any real one runs. */
const specs: ParamSpec[] = [
  { name: 'addressing', label: 'Addressing', doc: '', type: 'enum', values: ['per-mn-prefix', 'shared-prefix', 'dhcp'], default: 'per-mn-prefix' },
  { name: 'lifetime', label: 'Lifetime', doc: '', type: 'number', min: 4, max: 65535, default: 3600, unit: 's', integer: true },
  { name: 'delay', label: 'Link delay', doc: '', type: 'number', min: 0, max: 500, default: 5, unit: 'ms' },
  { name: 'timestamps', label: 'Timestamps', doc: '', type: 'boolean', default: false },
];
const lookup: ScenarioLookup = (id) => (id === 'pmipv6-attach' || id === 'demo' ? { params: specs } : undefined);
const decode = (text: string) => decodeState(text, lookup);
const encode = (s: ShareState) => encodeState(s, lookup);

const base: ShareState = { scenario: 'pmipv6-attach', params: {}, seed: 1, faults: [], step: 0 };

describe('a view as a URL', () => {
  it('is compact and versioned, and leaves out what is default', () => {
    expect(encode(base)).toBe('v=1&s=pmipv6-attach');
    const full: ShareState = {
      scenario: 'pmipv6-attach',
      params: { lifetime: 30, timestamps: true, addressing: 'per-mn-prefix' },
      seed: 7,
      faults: [{ kind: 'drop', packet: 2 }, { kind: 'delay', packet: 4, byUs: 200_000 }],
      step: 4,
      packet: 4,
    };
    expect(encode(full)).toBe('v=1&s=pmipv6-attach&p.lifetime=30&p.timestamps=true&seed=7&f=drop:3,delay:5:200&step=4&pkt=4');
    const back = decode(encode(full));
    expect(back).toEqual({ ok: true, state: { ...full, params: { lifetime: 30, timestamps: true } } });
  });

  it('reads the text after #/lab? or ? as well as the bare query', () => {
    for (const prefix of ['', '?', '#/lab?', '#']) expect(decode(`${prefix}v=1&s=pmipv6-attach&step=2`)).toEqual({ ok: true, state: { ...base, step: 2 } });
  });

  it('reads a link to the embedded view the same way', () => {
    expect(decode('#/embed?v=1&s=pmipv6-attach&step=2')).toEqual({ ok: true, state: { ...base, step: 2 } });
  });

  it('lets a view flag such as present=1 through without making it part of the view', () => {
    for (const flag of ['present=1', 'present=0']) {
      expect(decode(`#/lab?v=1&s=pmipv6-attach&step=2&${flag}`)).toEqual({ ok: true, state: { ...base, step: 2 } });
    }
  });

  it('reads boolean parameters written as on/off and numbers written as the CLI takes them', () => {
    const r = decode('v=1&s=pmipv6-attach&p.timestamps=on&p.delay=2.5');
    expect(r).toEqual({ ok: true, state: { ...base, params: { timestamps: true, delay: 2.5 } } });
  });

  const refusals: [string, RegExp][] = [
    ['s=pmipv6-attach', /does not say which version.*v=1 is missing/],
    ['v=2&s=pmipv6-attach', /another version of PMIP Lab \(v=‘2’\); this one reads v=1/],
    ['v=1', /does not name a scenario/],
    ['v=1&s=nope', /scenario the lab does not know: ‘nope’/],
    ['v=1&s=pmipv6-attach&p.colour=red', /unknown parameter 'colour': the parameters are addressing, lifetime, delay, timestamps/],
    ['v=1&s=pmipv6-attach&p.lifetime=2', /lifetime cannot be '2': it takes a whole number from 4 to 65535 \(s\)/],
    ['v=1&s=pmipv6-attach&p.addressing=magic', /addressing cannot be 'magic': allowed values are per-mn-prefix, shared-prefix, dhcp/],
    ['v=1&s=pmipv6-attach&p.timestamps=maybe', /timestamps cannot be 'maybe'/],
    ['v=1&s=pmipv6-attach&f=explode:3', /fault the lab cannot read, ‘explode:3’: 'explode:3' is not a fault/],
    ['v=1&s=pmipv6-attach&f=drop:0', /the packet number must be a whole number from 1/],
    ['v=1&s=pmipv6-attach&seed=-1', /The seed must be a whole number from 0 to 4294967295, not ‘-1’/],
    ['v=1&s=pmipv6-attach&seed=99999999999999999999', /The seed must be a whole number/],
    ['v=1&s=pmipv6-attach&step=1e3', /The step must be a whole number from 0 to 1000000, not ‘1e3’/],
    ['v=1&s=pmipv6-attach&step=2000000', /The step must be a whole number from 0 to 1000000/],
    ['v=1&s=pmipv6-attach&pkt=abc', /The selected packet must be a whole number/],
    ['v=1&s=pmipv6-attach&step=1&step=2', /gives ‘step’ twice/],
    ['v=1&s=pmipv6-attach&s=demo', /gives ‘s’ twice/],
    ['v=1&s=pmipv6-attach&x=1', /unknown part ‘x’/],
    ['v=1&s=pmipv6-attach&present=yes', /‘present’ must be 0 or 1, not ‘yes’/],
    ['v=1&s=pmipv6-attach&present=%3Cb%3E', /‘present’ must be 0 or 1, not ‘\?b\?’/],
    ['v=1&s=pmipv6-attach&present=1&present=1', /gives ‘present’ twice/],
    ['v=1&s=pmipv6-attach&presentation=1', /unknown part ‘presentation’/],
    ['v=1&s=%E0%A4%A', /damaged: ‘s=%E0%A4%A’ is not correctly %-encoded/],
    ['v=1&s=pmipv6-attach&step=1' + '&p.lifetime=30'.repeat(200), /too long to be a lab view: \d+ characters, and a view takes at most 2000/],
    [`v=1&s=pmipv6-attach&f=${Array.from({ length: 40 }, () => 'drop:1').join(',')}`, /40 faults; a view takes at most 32/],
  ];
  const cases = refusals.map(([text, message]) => [text.length > 70 ? `${text.slice(0, 70)}…` : text, text, message] as const);
  it.each(cases)('refuses %s with a clear message', (_label, text, message) => {
    const r = decode(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('never repeats markup from a hostile link in its message, and cuts long quotes short', () => {
    const r = decode(`v=1&s=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).not.toMatch(/[<>]/);
      expect(r.message).toMatch(/‘\?script\?alert\(1\)\?\/script\?’/);
    }
    const long = decode(`v=1&s=${'a'.repeat(500)}`);
    if (!long.ok) expect(long.message.length).toBeLessThan(120);
  });
});

/* Valid states, from the schema above. */
const paramValue = (p: ParamSpec): fc.Arbitrary<ParamValue> => {
  switch (p.type) {
    case 'enum':
      return fc.constantFrom(...p.values);
    case 'number':
      return p.integer ? fc.integer({ min: p.min, max: p.max }) : fc.integer({ min: p.min * 4, max: p.max * 4 }).map((n) => n / 4);
    case 'boolean':
      return fc.boolean();
  }
};
const params = fc
  .tuple(...specs.map((p) => fc.option(paramValue(p), { nil: undefined })))
  .map((values) => {
    const out: Record<string, ParamValue> = {};
    values.forEach((v, i) => {
      if (v !== undefined && v !== specs[i]!.default) out[specs[i]!.name] = v;
    });
    return out;
  });
const name = fc.stringMatching(/^[A-Za-z0-9~_.-]{1,12}$/);
const packet = fc.integer({ min: 0, max: 5000 });
const ms = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n * 1000);
const fault: fc.Arbitrary<Fault> = fc.oneof(
  packet.map((p): Fault => ({ kind: 'drop', packet: p })),
  packet.map((p): Fault => ({ kind: 'duplicate', packet: p })),
  fc.tuple(packet, fc.integer({ min: 0, max: 9_999_999 })).map(([p, us]): Fault => ({ kind: 'delay', packet: p, byUs: us })),
  fc.tuple(name, ms, fc.option(ms, { nil: undefined })).map(([link, atUs, untilUs]): Fault =>
    untilUs === undefined ? { kind: 'cut', link, atUs } : { kind: 'cut', link, atUs, untilUs },
  ),
  fc.tuple(name, name, ms).map(([node, to, atUs]): Fault => ({ kind: 'move', node, to, atUs })),
);
const state: fc.Arbitrary<ShareState> = fc
  .record({
    scenario: fc.constantFrom('pmipv6-attach', 'demo'),
    params,
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    faults: fc.array(fault, { maxLength: 8 }),
    step: fc.integer({ min: 0, max: 1_000_000 }),
    packet: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
  })
  .map(({ packet, ...rest }) => (packet === undefined ? rest : { ...rest, packet }));

describe('properties of the share URL', () => {
  it('decodes what it encodes, and stays under the length bound', () => {
    fc.assert(
      fc.property(state, (s) => {
        const text = encode(s);
        expect(text.length).toBeLessThanOrEqual(MAX_SHARE_LENGTH);
        expect(decode(text)).toEqual({ ok: true, state: s });
      }),
    );
  });

  it('never throws, whatever the text', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('v=1', 'v=2', 's=pmipv6-attach', 's=demo', 'p.lifetime=', 'p.delay=1e400', 'f=', 'drop:', 'step=', 'pkt=', '%', '%zz', '&', '=', ',', '<script>', '__proto__', 'p.__proto__=1', 'p.constructor=1'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), fc.string({ unit: 'binary' }), (a, b) => {
        for (const text of [a, b, `v=1&s=pmipv6-attach&${a}`]) {
          const r = decode(text);
          expect(typeof r.ok).toBe('boolean');
          if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
        }
      }),
    );
  });

  it('refuses prototype keys as unknown parameters', () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const r = decode(`v=1&s=demo&p.${key}=1`);
      expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/unknown parameter/) });
    }
  });
});

describe('links to the registered scenarios', () => {
  const ids = runnableIds();
  it.skipIf(ids.length === 0)('round-trip every runnable scenario with its defaults and each parameter changed', () => {
    for (const id of ids) {
      const s = runnableScenario(id)!;
      expect(decodeState(encodeState({ ...base, scenario: id }))).toEqual({ ok: true, state: { ...base, scenario: id } });
      for (const p of s.params) {
        const other = p.type === 'boolean' ? !p.default : p.type === 'enum' ? p.values.find((v) => v !== p.default) : p.default === p.max ? p.min : p.max;
        if (other === undefined) continue;
        const view: ShareState = { ...base, scenario: id, params: { [p.name]: other } };
        expect(decodeState(encodeState(view))).toEqual({ ok: true, state: view });
      }
    }
  });
});
