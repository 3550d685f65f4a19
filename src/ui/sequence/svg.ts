import { arrowAt, arrowName, DEATH_LABEL_DROP, openHead, pathOf, type ArrowLayout } from './arrows';
import { headsFor, headWidth } from './heads';
import { BREAK_HALF, breakBand, type SequenceLayout } from './layout';
import { gapText, seconds } from './text';
import type { Box } from './arrows';
import { nameObstacles, namePlace, saysExpired, timerBar, timerEnd, type TimerSpan } from './timer-spans';
import { timerName } from './timers';

/**
 * The whole sequence diagram as a standalone SVG file, written from the layout rather than copied
 * from the page (which draws only what is on screen): every message, note, timer and lifeline,
 * with the theme's colours written into each element, since the page's CSS does not travel with
 * the file. Every piece of text is XML-escaped: entity names and summaries may come from a capture.
 */

/** The colours and fonts of the theme the file is drawn in (the page's custom properties, resolved). */
export interface Palette {
  background: string;
  text: string;
  muted: string;
  border: string;
  lifeline: string;
  headBg: string;
  headBorder: string;
  control: string;
  controlText: string;
  data: string;
  dataText: string;
  dead: string;
  timer: string;
  timerText: string;
  breakBg: string;
  fontSans: string;
  fontMono: string;
}

/** The light theme's values (app.css), for when the page's cannot be read. */
export const LIGHT: Palette = {
  background: '#ffffff',
  text: '#1a1f26',
  muted: '#4f5a66',
  border: '#b8c1cc',
  lifeline: '#9aa5b1',
  headBg: '#eef3fa',
  headBorder: '#b9c6d6',
  control: '#0072b2',
  controlText: '#005a8c',
  data: '#d55e00',
  dataText: '#a84a00',
  dead: '#a3195b',
  timer: '#6e4bb0',
  timerText: '#5a3a98',
  breakBg: '#eef0f3',
  fontSans: "system-ui, 'Noto Sans', 'Liberation Sans', Arial, sans-serif",
  fontMono: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
};

export interface SvgOptions {
  title: string;
  palette?: Palette;
  /** Cut the drawing so the file is at most this tall, px (a raster image cannot be as tall as a long run). */
  maxHeight?: number;
}

export interface DiagramSvg {
  markup: string;
  width: number;
  height: number;
  /** How many messages the cut left out. */
  omitted: number;
}

const TITLE = 44;
const FOOTER = 34;
/** Along a long timer bar, its name is written again this often, px. */
const TIMER_LABEL_EVERY = 640;

export function diagramSvg(layout: SequenceLayout, options: SvgOptions): DiagramSvg {
  const c = options.palette ?? LIGHT;
  const heads = headsFor(layout);
  const room = options.maxHeight === undefined ? Infinity : options.maxHeight - TITLE - heads.height - FOOTER;
  const cut = room < layout.height ? Math.max(0, room) : undefined;
  const bodyHeight = cut ?? layout.height;
  const inView = (y: number): boolean => cut === undefined || y < cut;
  const arrows = layout.arrows.filter((a) => inView(a.top));
  const omitted = layout.arrows.length - arrows.length;
  const width = Math.ceil(layout.width);
  const height = Math.ceil(TITLE + heads.height + bodyHeight + (cut === undefined ? 0 : FOOTER));
  const labelOf = new Map(layout.lifelines.map((l) => [l.id, l.label]));
  const sans = `font-family="${esc(c.fontSans)}"`;
  const mono = `font-family="${esc(c.fontMono)}"`;

  const out: string[] = [];
  out.push(
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${sans}>`,
    `<title>${esc(options.title)}</title>`,
    `<rect width="100%" height="100%" fill="${esc(c.background)}"/>`,
    `<text x="16" y="28" font-size="18" font-weight="700" fill="${esc(c.text)}">${esc(options.title)}</text>`,
  );

  // The header band: the time column's name, a box per lifeline, the notes column's name.
  const headTop = TITLE;
  out.push(`<g class="heads">`);
  out.push(`<line x1="0" x2="${width}" y1="${n(headTop + heads.height)}" y2="${n(headTop + heads.height)}" stroke="${esc(c.border)}"/>`);
  out.push(smallCaps('TIME', layout.timeX, headTop + heads.height / 2 + 4, 'end', c.muted));
  layout.lifelines.forEach((l, i) => {
    const w = Math.min(heads.maxWidth, headWidth(l.label));
    const cy = headTop + heads.rowY(i);
    out.push(
      `<g class="lifeline-head"><rect x="${n(l.x - w / 2)}" y="${n(cy - 15)}" width="${n(w)}" height="30" rx="8" fill="${esc(c.headBg)}" stroke="${esc(c.headBorder)}" stroke-width="1.5"/>`,
      `<text x="${n(l.x)}" y="${n(cy + 5)}" text-anchor="middle" font-size="14" font-weight="650" ${mono} fill="${esc(c.text)}">${esc(l.label)}</text></g>`,
    );
  });
  if (layout.notes.length > 0) out.push(smallCaps('STEP', layout.notesX - 14, headTop + heads.height / 2 + 4, 'start', c.muted));
  out.push(`</g>`);

  out.push(`<g class="body" transform="translate(0 ${n(TITLE + heads.height)})">`);
  for (const l of layout.lifelines) {
    out.push(`<line class="lifeline" x1="${n(l.x)}" x2="${n(l.x)}" y1="0" y2="${n(bodyHeight)}" stroke="${esc(c.lifeline)}" stroke-width="2" stroke-dasharray="2 6" stroke-linecap="round"/>`);
  }
  for (const b of layout.breaks.filter((b) => inView(b.y))) {
    out.push(
      `<g class="break"><rect x="0" y="${n(b.y - BREAK_HALF)}" width="${width}" height="${2 * BREAK_HALF}" fill="${esc(c.breakBg)}"/>`,
      `<text x="${n(layout.timeX)}" y="${n(b.y + 5)}" text-anchor="end" font-size="13" font-weight="600" fill="${esc(c.muted)}">${esc(gapText(b.gapUs))}</text></g>`,
    );
  }
  if (layout.end && inView(layout.end.y)) {
    const y = n(layout.end.y);
    out.push(
      `<g class="run-end"><line x1="${n(layout.timeX + 8)}" x2="${width}" y1="${y}" y2="${y}" stroke="${esc(c.border)}" stroke-width="1.5" stroke-dasharray="8 4"/>`,
      `<text x="${n(layout.timeX)}" y="${n(layout.end.y - 4)}" text-anchor="end" font-size="13" font-weight="600" fill="${esc(c.muted)}">end of run</text>`,
      `<text x="${n(layout.timeX)}" y="${n(layout.end.y + 15)}" text-anchor="end" font-size="13" ${mono} fill="${esc(c.muted)}">${esc(seconds(layout.end.time))}</text></g>`,
    );
  }
  for (const note of layout.notes.filter((m) => inView(m.y1))) {
    const lines = note.lines.map((t, i) => `<tspan x="${n(note.x)}" dy="${i === 0 ? 0 : 19}">${esc(t)}</tspan>`).join('');
    out.push(
      `<g class="note"><title>${esc(note.text)}</title>`,
      `<path d="M${n(note.x - 14)},${n(note.y1 - 8)}v${n(Math.max(16, note.y2 - note.y1 + 16))}" fill="none" stroke="${esc(c.border)}" stroke-width="3" stroke-linecap="round"/>`,
      `<text x="${n(note.x)}" y="${n(note.y1 + 5)}" font-size="14" fill="${esc(c.text)}">${lines}</text></g>`,
    );
  }
  const words = nameObstacles(layout.timers, layout.arrows.flatMap((a) => a.texts), layout.breaks.map(breakBand));
  for (const s of layout.timers.filter((t) => inView(t.y1))) out.push(timerMarkup(s, labelOf, c, cut, words));
  for (const a of arrows) out.push(arrowMarkup(a, labelOf, layout.timeX, c, mono));
  if (cut !== undefined) {
    out.push(
      `<line x1="0" x2="${width}" y1="${n(cut)}" y2="${n(cut)}" stroke="${esc(c.dead)}" stroke-width="2" stroke-dasharray="10 6"/>`,
      `<text x="16" y="${n(cut + 24)}" font-size="14" font-weight="600" fill="${esc(c.text)}">${esc(
        `Cut here: messages 1 to ${arrows.length} of ${layout.arrows.length}. The SVG export holds the whole run.`,
      )}</text>`,
    );
  }
  out.push(`</g>`, `</svg>`, '');
  return { markup: out.join('\n'), width, height, omitted };
}

function arrowMarkup(a: ArrowLayout, labelOf: ReadonlyMap<string, string>, timeX: number, c: Palette, mono: string): string {
  const colour = a.plane === 'data' ? c.data : c.control;
  const textColour = a.plane === 'data' ? c.dataText : c.controlText;
  const drawn = arrowAt(a, 1);
  const name = arrowName(a.index, labelOf.get(a.from) ?? a.from, labelOf.get(a.to) ?? a.to, a.summary, a.time, a.fate, a.reason, a.inner?.text);
  const halo = `paint-order="stroke" stroke="${esc(c.background)}" stroke-linejoin="round"`;
  const parts = [
    `<g class="arrow ${a.plane}${a.dead ? ` dead ${a.fate}` : ''}" data-index="${a.index}"><title>${esc(name)}</title>`,
    `<path class="shaft" d="${drawn.shaft}" fill="none" stroke="${esc(colour)}" stroke-width="2.5" stroke-linejoin="round"${a.plane === 'data' ? ' stroke-dasharray="10 6"' : ''}/>`,
  ];
  if (a.ghost) {
    parts.push(`<path d="${pathOf(a.ghost)}" fill="none" stroke="${esc(c.dead)}" stroke-width="2" stroke-dasharray="1 6" stroke-linecap="round" opacity="0.7"/>`);
  }
  parts.push(
    a.dead
      ? `<path class="mark" d="${drawn.head}" fill="${a.fate === 'filtered' ? esc(c.dead) : 'none'}" stroke="${esc(c.dead)}" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>`
      : `<path class="tip" d="${drawn.head}" fill="${esc(colour)}"/>`,
    `<text x="${n(a.labelX)}" y="${n(a.labelY)}" text-anchor="${a.from === a.to ? 'start' : 'middle'}" font-size="15" font-weight="500" fill="${esc(c.text)}" ${halo} stroke-width="5">${esc(a.label)}</text>`,
  );
  if (a.deathLabel) {
    parts.push(`<text x="${n(a.deathX ?? a.end[0])}" y="${n(a.end[1] + DEATH_LABEL_DROP)}" text-anchor="middle" font-size="13" font-weight="650" fill="${esc(c.dead)}" ${halo} stroke-width="4">${esc(a.deathLabel)}</text>`);
  }
  if (a.inner) {
    const i = a.inner;
    parts.push(
      `<g class="inner"><path d="M${n(i.x1)},${n(i.y)}H${n(i.x2)}" fill="none" stroke="${esc(colour)}" stroke-width="1.75" stroke-dasharray="2 5" stroke-linecap="round"/>`,
      `<circle cx="${n(i.x1)}" cy="${n(i.y)}" r="3.5" fill="${esc(c.background)}" stroke="${esc(colour)}" stroke-width="1.75"/>`,
      `<path d="${openHead([i.x1, i.y], [i.x2, i.y])}" fill="none" stroke="${esc(colour)}" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round"/>`,
      `<text x="${n(i.labelX)}" y="${n(i.labelY)}" text-anchor="middle" font-size="12.5" font-style="italic" fill="${esc(textColour)}" ${halo} stroke-width="4">${esc(i.label)}</text></g>`,
    );
  }
  parts.push(
    `<text x="${n(timeX)}" y="${n(a.y - 4)}" text-anchor="end" font-size="15" font-weight="700" fill="${esc(c.text)}">${a.index + 1}</text>`,
    `<text x="${n(timeX)}" y="${n(a.y + 15)}" text-anchor="end" font-size="13" ${mono} fill="${esc(c.muted)}">${esc(a.timeText)}</text>`,
    `</g>`,
  );
  return parts.join('');
}

function timerMarkup(s: TimerSpan, labelOf: ReadonlyMap<string, string>, c: Palette, cut: number | undefined, words: readonly Box[]): string {
  const stroke = `stroke="${esc(c.timer)}" stroke-width="2" stroke-opacity="0.75" stroke-linecap="round" stroke-linejoin="round"`;
  const textAttrs = `font-size="11" font-weight="600" fill="${esc(c.timerText)}"`;
  const halo = `paint-order="stroke" stroke="${esc(c.background)}" stroke-width="3" stroke-linejoin="round"`;
  const y2 = cut === undefined ? s.y2 : Math.min(s.y2, cut);
  const parts = [
    `<g class="timer ${s.outcome}" data-timer="${esc(s.name)}"><title>${esc(timerName(s, labelOf.get(s.entity) ?? s.entity))}</title>`,
    `<path class="bar" d="${timerBar({ ...s, y2 })}" fill="none" ${stroke}/>`,
  ];
  if (y2 === s.y2) {
    const fill = s.outcome === 'cancelled' ? esc(c.background) : 'none';
    parts.push(`<path class="end" d="${timerEnd(s)}" fill="${fill}" ${stroke}/>`);
  }
  // The name along the bar where no message's words are, again every so often down a long one, as the page keeps it in view.
  const bar = { ...s, y2 };
  for (let y = namePlace(bar, words); y !== undefined; ) {
    parts.push(`<text transform="translate(${n(s.x + 5)} ${n(y)}) rotate(90)" ${textAttrs} ${halo}>${esc(s.label)}</text>`);
    const next = namePlace(bar, words, y + TIMER_LABEL_EVERY);
    y = next !== undefined && next > y + TIMER_LABEL_EVERY ? next : undefined;
  }
  if (y2 === s.y2 && saysExpired(s)) {
    parts.push(`<text x="${n(s.x + 9)}" y="${n(s.y2 + 4)}" font-size="10.5" font-style="italic" fill="${esc(c.timerText)}">expired</text>`);
  }
  parts.push(`</g>`);
  return parts.join('');
}

function smallCaps(text: string, x: number, y: number, anchor: 'start' | 'end', fill: string): string {
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" font-size="12" font-weight="650" letter-spacing="1" fill="${esc(fill)}">${esc(text)}</text>`;
}

/** A coordinate to two decimals. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Text made safe inside an XML element or a double-quoted attribute: markup characters escaped,
 * and characters XML 1.0 cannot hold at all (most control characters, lone surrogates) dropped.
 */
export function esc(text: string): string {
  let clean = '';
  // By code point, so a lone surrogate is seen as one.
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000) clean += ch;
  }
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
