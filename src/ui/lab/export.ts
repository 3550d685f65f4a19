import { traceToCapture } from '../../sim/capture';
import type { Trace } from '../../sim/trace';
import { writePcapng } from '../../wire/pcapng';

/**
 * Exports of the current run: a pcapng capture for Wireshark, the Trace as JSON (opens again in
 * the lab), and the sequence diagram as a standalone SVG. Each is a Blob the browser downloads.
 */

/** A file name from the trace: `pmipv6-attach-seed1`, safe on every file system. */
export function baseName(trace: Trace, name: string): string {
  const stem = trace.scenario === 'capture' ? name.replace(/\.[^.]*$/, '') : `${trace.scenario}-seed${trace.seed}`;
  return stem.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'pmip-lab';
}

export function pcapngBlob(trace: Trace): Blob {
  return new Blob([writePcapng(traceToCapture(trace)) as Uint8Array<ArrayBuffer>], { type: 'application/vnd.tcpdump.pcap' });
}

export function jsonBlob(trace: Trace): Blob {
  return new Blob([`${JSON.stringify(trace, null, 1)}\n`], { type: 'application/json' });
}

/** The style properties an exported SVG needs to look like the page, copied from the computed style. */
const STYLED = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin', 'stroke-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'paint-order'];

/**
 * The diagram as a standalone SVG: a copy of the drawn one with its computed styles inlined (the page's
 * CSS does not travel with the file), the lifeline names written at the top, and a background.
 */
export function svgBlob(svg: SVGSVGElement, heads: readonly { label: string; x: number }[], title: string): Blob {
  const HEAD = 56;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
    target.setAttribute('style', STYLED.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';'));
  });
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height')) + HEAD;
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const titleEl = document.createElementNS(ns, 'title');
  titleEl.textContent = title;
  out.append(titleEl);
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', getComputedStyle(svg.parentElement ?? svg).backgroundColor || '#ffffff');
  out.append(bg);
  const textColour = getComputedStyle(svg).color || '#1a1f26';
  for (const h of heads) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(h.x));
    t.setAttribute('y', String(HEAD / 2 + 6));
    t.setAttribute('text-anchor', 'middle');
    t.setAttribute('style', `font: 650 15px ui-monospace, monospace; fill: ${textColour}`);
    t.textContent = h.label;
    out.append(t);
  }
  const body = document.createElementNS(ns, 'g');
  body.setAttribute('transform', `translate(0 ${HEAD})`);
  body.append(...copy.childNodes);
  out.append(body);
  return new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}\n`], { type: 'image/svg+xml' });
}

/** Lets the browser save a Blob under a name. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
