import { lessonCatalog, type CatalogEntry } from '../../lessons/course';

/** Every lesson of lessons/, bundled with the app so that a lesson works offline like the lab. */
const files = import.meta.glob<string>('/lessons/*.md', { query: '?raw', import: 'default', eager: true });

export const lessons: readonly CatalogEntry[] = lessonCatalog(files);
