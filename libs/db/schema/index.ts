export * from './tenants.schema.js';
export * from './sources.schema.js';
export * from './buses.schema.js';
export * from './events.schema.js';
export * from './deliveries.schema.js';
export * from './eventbridge-api.schema.js';
export * from './archives.schema.js';
