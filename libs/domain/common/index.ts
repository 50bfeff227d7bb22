export * from './domain-error.js';
export * from './principal.js';
export * from './arns.js';
export * from './names.js';
export * from './keyset.js';
