// Shared by vite-plugin-svelte, svelte-check and the editor tooling.
// TypeScript in components needs no preprocessor in Svelte 5.

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    // PMIP Lab is written in runes mode only: no legacy `export let` or `$:`.
    runes: true,
  },
};
