import { dhcpRadiusExamples } from './dhcp-radius';
import { ipExamples } from './ip';
import { mhExamples } from './mh';
import { mipv4Examples } from './mipv4';
import { transportExamples } from './transport';
import { tunnelExamples } from './tunnels';
import type { Example } from './types';

export type { Example } from './types';

/*
 * The catalog of example frames, family by family. A family is a file `<family>.ts` exporting
 * `export const <family>Examples: Example[]`; adding one is an import here and a spread below.
 * Names must be unique across families (test/wire/examples.test.ts checks).
 */

/** Every example frame, family by family, in a fixed order (the sample capture's packet order). */
export function allExamples(): Example[] {
  return [...transportExamples, ...ipExamples, ...mhExamples, ...mipv4Examples, ...dhcpRadiusExamples, ...tunnelExamples];
}
