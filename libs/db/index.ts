export * from './schema/index.js';
export * from './database.js';
export * from './db.module.js';
export * from './migrate.js';
export * from './group-commit.js';
export * from './packed-params.js';
