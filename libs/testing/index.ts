export * from './test-infra.js';
export * from './wait-for.js';
export * from './http-sink.js';
export * from './signing.js';
export * from './processes.js';
export * from './moto-server.js';
export * from './services.js';
