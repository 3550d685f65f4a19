/** The diagram's words: times, gaps, and text cut or wrapped to the room it has. */

/** µs → `0.012 s`, the time column's and the accessible names' form. */
export function seconds(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}

/** A squeezed stretch's text: `+1.250 s`. */
export function gapText(us: number): string {
  return us >= 60e6 ? `+${(us / 60e6).toFixed(1)} min` : `+${(us / 1e6).toFixed(3)} s`;
}

/** The text cut to `max` characters, with an ellipsis when cut. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** Word-wraps text to lines of at most `width` characters; the last of `maxLines` ends with `…` if cut. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) current = candidate;
    else {
      if (current !== '') lines.push(current);
      current = word.length > width ? fit(word, width) : word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fit(`${kept[maxLines - 1]!} ${lines[maxLines]!}`, width);
  if (!kept[maxLines - 1]!.endsWith('…')) kept[maxLines - 1] = fit(`${kept[maxLines - 1]!}…`, width);
  return kept;
}
