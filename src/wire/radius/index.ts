export * from './packet';
export * from './attributes';
export * from './auth';
