import { captureNotes, traceToCapture } from '../../sim/capture';
import type { Trace } from '../../sim/trace';
import { writePcapng } from '../../wire/pcapng';
import { sequenceInput } from '../sequence/input';
import { layoutSequence, type SequenceLayout } from '../sequence/layout';
import { diagramSvg, LIGHT, type Palette } from '../sequence/svg';
import type { Notice } from './open';

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

/** What the run asks whoever opens its capture to know (a Decode As, a departure from the RFC), said when it is exported. */
export function pcapngNotice(trace: Trace): Notice | undefined {
  const lines = captureNotes(trace);
  return lines.length === 0 ? undefined : { tone: 'warn', title: 'Before you open this capture in Wireshark:', lines };
}

export function jsonBlob(trace: Trace): Blob {
  return new Blob([`${JSON.stringify(trace, null, 1)}\n`], { type: 'application/json' });
}

/** Width the exported diagram is laid out at: room for every lifeline and the step notes. */
const EXPORT_WIDTH = 1400;

/** The whole diagram's layout, as the exports draw it. */
export function diagramLayout(trace: Trace): SequenceLayout {
  return layoutSequence(sequenceInput(trace), { width: EXPORT_WIDTH });
}

/** The whole diagram as a standalone SVG file, in the given theme's colours. */
export function svgBlob(trace: Trace, title: string, palette?: Palette): Blob {
  const svg = diagramSvg(diagramLayout(trace), palette ? { title, palette } : { title });
  return new Blob([svg.markup], { type: 'image/svg+xml' });
}

/**
 * Limits for the PNG: drawn at twice the SVG's size for sharp text, within what desktop browsers
 * allow a canvas (Chromium and Firefox refuse a side over 32,767 px or an area over about 268
 * million px); the area is kept far below that, to about 160 MB of pixels while it is drawn.
 */
export const PNG_LIMITS = { scale: 2, maxSide: 32_767, maxArea: 40_000_000 } as const;

export interface PngPlan {
  /** Pixels per SVG unit. */
  scale: number;
  /** When even at 1 px per unit the diagram is too tall: where to cut it, in SVG units. */
  maxHeight?: number;
}

/** How to fit a width × height diagram into a canvas: smaller first, then cut. */
export function pngPlan(width: number, height: number, limits: { scale: number; maxSide: number; maxArea: number } = PNG_LIMITS): PngPlan {
  const fits = Math.min(limits.scale, limits.maxSide / width, limits.maxSide / height, Math.sqrt(limits.maxArea / (width * height)));
  if (fits >= 1) return { scale: fits };
  const scale = Math.min(1, limits.maxSide / width);
  return { scale, maxHeight: Math.floor(Math.min(limits.maxSide, limits.maxArea / (width * scale)) / scale) };
}

/** The diagram as a PNG (through a canvas), and what the user should know when it had to be made smaller or cut. */
export async function pngBlob(trace: Trace, title: string, palette?: Palette): Promise<{ blob: Blob; notice?: Notice }> {
  const layout = diagramLayout(trace);
  const base = palette ? { title, palette } : { title };
  const full = diagramSvg(layout, base);
  const plan = pngPlan(full.width, full.height);
  const svg = plan.maxHeight === undefined ? full : diagramSvg(layout, { ...base, maxHeight: plan.maxHeight });
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(svg.width * plan.scale));
  canvas.height = Math.max(1, Math.round(svg.height * plan.scale));
  const url = URL.createObjectURL(new Blob([svg.markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gave no canvas to draw the picture on');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
  } finally {
    URL.revokeObjectURL(url);
  }
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(`the browser could not encode a ${canvas.width} × ${canvas.height} px picture`))), 'image/png'),
  );
  const size = `${canvas.width} × ${canvas.height} px`;
  if (svg.omitted > 0) {
    const shown = layout.arrows.length - svg.omitted;
    return {
      blob,
      notice: {
        tone: 'warn',
        title: `The PNG shows messages 1 to ${shown} of ${layout.arrows.length}.`,
        lines: [`The whole run is too long for one picture (${size} is as much as a browser canvas safely holds). The SVG export has all of it.`],
      },
    };
  }
  if (plan.scale < PNG_LIMITS.scale) {
    return {
      blob,
      notice: {
        tone: 'warn',
        title: `The PNG is drawn at ${plan.scale.toFixed(2)}× rather than ${PNG_LIMITS.scale}×.`,
        lines: [`At ${PNG_LIMITS.scale}× the run would be larger than a browser canvas safely holds; it is ${size}. The SVG export stays sharp at any size.`],
      },
    };
  }
  return { blob };
}

/** The diagram colours of the theme the page is in, read from its custom properties (app.css). */
export function themePalette(element: Element = document.documentElement): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--surface', LIGHT.background),
    text: read('--text', LIGHT.text),
    muted: read('--muted', LIGHT.muted),
    border: read('--border-strong', LIGHT.border),
    lifeline: read('--lifeline', LIGHT.lifeline),
    headBg: read('--lifeline-head-bg', LIGHT.headBg),
    headBorder: read('--lifeline-head-border', LIGHT.headBorder),
    control: read('--plane-control', LIGHT.control),
    controlText: read('--plane-control-text', LIGHT.controlText),
    data: read('--plane-data', LIGHT.data),
    dataText: read('--plane-data-text', LIGHT.dataText),
    dead: read('--dead', LIGHT.dead),
    timer: read('--timer', LIGHT.timer),
    timerText: read('--timer-text', LIGHT.timerText),
    breakBg: read('--break-bg', LIGHT.breakBg),
    fontSans: read('--font-sans', LIGHT.fontSans),
    fontMono: read('--font-mono', LIGHT.fontMono),
  };
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
