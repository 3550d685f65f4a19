import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import './touch.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no element with id "app"');

export default mount(App, { target });

// Offline once loaded: the built app registers its service worker (generated at build time, see
// build/offline.ts). The dev server has none, so a stale cache never hides an edit.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((err: unknown) => {
      console.warn('PMIP Lab will not work offline: its service worker could not be registered.', err);
    });
  });
}
