import type { Locator, Page } from 'playwright-core';

/**
 * The lab page in the words of the domain (STYLE.md, "Tests"): open a capture, click a message,
 * step, point at a byte, pick a field. Locators are role-based wherever the page has roles.
 */
export class LabPage {
  constructor(readonly page: Page) {}

  async open(base: string): Promise<void> {
    await this.page.goto(`${base}#/lab`);
    await this.page.getByRole('heading', { name: 'Open a packet capture' }).waitFor();
  }

  async openExample(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open the example capture' }).first().click();
    await this.arrows().first().waitFor();
  }

  /** Opens a file through the file picker. */
  async openFile(name: string, bytes: Uint8Array): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: /^(Open a capture|Choose a capture)/ }).first().click();
    await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  }

  /** Drops a file on the page, as a user dragging it from the desktop would. */
  async dropFile(name: string, bytes: Uint8Array): Promise<void> {
    const data = await this.page.evaluateHandle(
      ({ name, bytes }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/octet-stream' }));
        return dt;
      },
      { name, bytes: [...bytes] },
    );
    await this.page.dispatchEvent('body', 'dragover', { dataTransfer: data });
    await this.page.dispatchEvent('body', 'drop', { dataTransfer: data });
  }

  /** Takes the focus off whatever has it, so the page's shortcuts apply. */
  async blur(): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }

  /** The messages of the sequence diagram (only those drawn: the diagram is virtualised). */
  arrows(): Locator {
    return this.page.locator('svg [role="button"][data-index]');
  }

  /** The n-th message, from 1, by its accessible name (`3. A → B summary, 0.002 s`). */
  arrow(n: number): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^${n}\\. `) });
  }

  /** Clicks the n-th message (on its label: a horizontal arrow has no height to click on). */
  async clickArrow(n: number): Promise<void> {
    await this.arrow(n).locator('.label').click();
  }

  current(): Locator {
    return this.page.locator('svg [aria-current="step"]');
  }

  inspectorTitle(): Locator {
    return this.page.locator('#inspector-title');
  }

  /** The hex view's bytes, as one lowercase hex string. */
  async hexBytes(): Promise<string> {
    return (await this.page.getByRole('gridcell').allTextContents()).join('');
  }

  hexByte(offset: number): Locator {
    return this.page.locator(`#hex-byte-${offset}`);
  }

  /** The field tree's row for a field, by its tshark filter name. */
  field(name: string): Locator {
    return this.page.locator(`[data-field="${name}"]`).first();
  }
}

/** The lab opened at a view's URL (`#/lab?v=1&s=...`). */
export async function openView(page: Page, base: string, query: string): Promise<void> {
  await page.goto(`${base}#/lab?${query}`);
  await page.getByRole('complementary', { name: 'Scenario setup' }).waitFor();
}

/** The query part of the page's URL, as the lab keeps it. */
export function viewOf(page: Page): string {
  const hash = new URL(page.url()).hash;
  return hash.replace(/^#\/lab\??/, '');
}
