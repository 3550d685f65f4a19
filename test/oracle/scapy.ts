/**
 * scapy as an independent packet builder: evaluate python expressions such as
 * `IPv6(src='2001:db8::1', dst='2001:db8::2')/MIP6MH_BU(seq=1, flags='PA')` and return `bytes(p)`.
 * Starting python and importing scapy takes about a second, so build many packets in one `scapyBatch`.
 *
 * Give Ether() an explicit src and dst: left alone, scapy fills them from this machine's interfaces and
 * ARP/route tables, so the bytes would differ between machines.
 */
import { execFile } from 'node:child_process';
import { findScapyPython } from './tools';

/** Star-imported before every expression. */
export const SCAPY_IMPORTS = [
  'scapy.all',
  'scapy.layers.l2',
  'scapy.layers.inet',
  'scapy.layers.inet6',
  'scapy.layers.mobileip',
  'scapy.layers.dhcp',
  'scapy.layers.dhcp6',
  'scapy.layers.radius',
  'scapy.layers.sctp',
] as const;

const SCRIPT = String.raw`
import json, logging, sys, traceback
logging.getLogger('scapy').setLevel(logging.ERROR)
req = json.load(sys.stdin)
ns = {}
for m in req['imports']:
    exec('from %s import *' % m, ns)
exec('import sys, struct, socket', ns)
ns['conf'].verb = 0
if req['prelude']:
    exec(req['prelude'], ns)
ok, errors = {}, {}
for name, expr in req['exprs'].items():
    try:
        ok[name] = bytes(eval(expr, ns)).hex()
    except Exception:
        errors[name] = traceback.format_exc()
sys.stdout.write(json.dumps({'ok': ok, 'errors': errors}))
`;

export interface ScapyOptions {
  /** Extra modules to star-import after SCAPY_IMPORTS, e.g. `scapy.contrib.gtp`. */
  imports?: readonly string[];
  /** Python statements run once before the expressions (helper functions, constants). */
  prelude?: string;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Build many packets in one python process: name → bytes. Any failing expression rejects the whole batch. */
export function scapyBatch(exprs: Record<string, string>, opts: ScapyOptions = {}): Promise<Record<string, Uint8Array>> {
  const python = findScapyPython();
  if (!python) return Promise.reject(new Error('python3 with scapy not found: apt-get install python3-scapy'));
  const imports = [...SCAPY_IMPORTS, ...(opts.imports ?? [])];
  const bad = imports.find((m) => !/^[A-Za-z_][\w.]*$/.test(m));
  if (bad) return Promise.reject(new Error(`scapy: not a module name: ${bad}`));
  const input = JSON.stringify({ imports, prelude: opts.prelude ?? '', exprs });
  return new Promise((resolve, reject) => {
    const child = execFile(
      python,
      ['-c', SCRIPT],
      {
        maxBuffer: 1 << 28,
        timeout: 120_000,
        encoding: 'utf8',
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' },
      },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`scapy (${python}) failed (${err.code ?? err.signal}):\n${stderr || err.message}`));
          return;
        }
        let reply: { ok: Record<string, string>; errors: Record<string, string> };
        try {
          reply = JSON.parse(stdout) as typeof reply;
        } catch {
          reject(new Error(`scapy printed something that is not JSON:\n${stdout.slice(0, 2000)}\n${stderr}`));
          return;
        }
        const failed = Object.entries(reply.errors);
        if (failed.length > 0) {
          const detail = failed.map(([name, tb]) => `--- ${name}: ${exprs[name]}\n${tb}`).join('\n');
          reject(new Error(`scapy could not build ${failed.length} packet(s):\n${detail}`));
          return;
        }
        resolve(Object.fromEntries(Object.entries(reply.ok).map(([k, v]) => [k, fromHex(v)])));
      },
    );
    child.stdin?.end(input);
  });
}

/** Build one packet: `bytes(<expression>)`. `imports` are extra modules to star-import. */
export async function scapyBytes(pythonExpression: string, imports: readonly string[] = []): Promise<Uint8Array> {
  const { p } = await scapyBatch({ p: pythonExpression }, { imports });
  return p!;
}
