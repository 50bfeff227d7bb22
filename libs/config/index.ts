export * from './app-config.js';
export * from './config.module.js';
export { WORKER_QUEUE_NAMES, type WorkerQueueName } from './config.schema.js';
export { testEnvironment } from './test-env.js';
