export * from './ordering';
export * from './prefixes';
export * from './binding-cache';
export * from './tunnels';
export * from './pbu';
export * from './pba';
