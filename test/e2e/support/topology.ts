import type { Locator, Page } from 'playwright-core';

/**
 * The lab's topology tab in the words of the domain: open it, read where a node is drawn and what
 * a tunnel says, cut a link, move a mobile node. Actions go through the buttons a keyboard or
 * screen-reader user would use.
 */
export class TopologyTab {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Topology' }).click();
    await this.drawing().waitFor();
  }

  drawing(): Locator {
    return this.page.getByRole('img', { name: /^Topology: / });
  }

  /** The centre the node is drawn at now. */
  async nodeAt(id: string): Promise<[number, number]> {
    const transform = await this.page.locator(`[data-node="${id}"]`).getAttribute('transform');
    const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(transform ?? '');
    if (!m) throw new Error(`node ${id} is not drawn`);
    return [Number(m[1]), Number(m[2])];
  }

  tunnelLabel(a: string, b: string): Locator {
    return this.page.locator(`[data-tunnel="${a}-${b}"] text`);
  }

  attachment(mn: string): Locator {
    return this.page.locator(`[data-attachment="${mn}"]`);
  }

  link(id: string): Locator {
    return this.page.locator(`[data-link="${id}"]`);
  }

  /** Clicks a link in the drawing: the lab offers to cut it. */
  async chooseLink(link: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^Link ${link} between `) }).click();
  }

  async cut(link: string): Promise<void> {
    await this.chooseLink(link);
    await this.page.getByRole('button', { name: 'Cut this link now' }).click();
  }

  /** Moves a mobile node with the keyboard alone: focus it, Enter, and Enter on the offer, which takes the focus. */
  async move(mnLabel: string, toLabel: string): Promise<void> {
    await this.page.getByRole('button', { name: `${mnLabel}: move it to another MAG` }).focus();
    await this.page.keyboard.press('Enter');
    const offer = this.page.getByRole('button', { name: `Move to ${toLabel}` });
    await offer.waitFor();
    if (!(await offer.evaluate((b) => b === document.activeElement))) throw new Error(`the offer to move to ${toLabel} does not have the focus`);
    await this.page.keyboard.press('Enter');
  }
}
