/**
 * The HTML a teacher pastes into a course page to embed a lab view. It is only ever shown as text
 * (in a read-only text area) and copied; the lab never inserts it as markup.
 */

/** The default frame: room for six lifelines and the controls, in a course page's column. */
export const EMBED_WIDTH = 800;
export const EMBED_HEIGHT = 500;

/** Escapes text for a double-quoted HTML attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<iframe src="…" title="…" width="800" height="500" …></iframe>` */
export function embedSnippet(src: string, title: string, width = EMBED_WIDTH, height = EMBED_HEIGHT): string {
  return (
    `<iframe src="${attribute(src)}" title="${attribute(title)}" width="${Math.round(width)}" height="${Math.round(height)}" ` +
    `style="border: 1px solid #d9dee5; border-radius: 8px; max-width: 100%" loading="lazy"></iframe>`
  );
}
