export * from './queue.contract.js';
export * from './queue.producer.js';
export * from './queue.module.js';
export * from './invalidation.service.js';
export * from './redis-options.js';
export * from './redis.provider.js';
export * from './redis-script.js';
