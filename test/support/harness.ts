import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type { AppConfig } from '#libs/config';
import { TEST_REDIS_URL, createTestDatabase, createTestRedisPrefix, testConfig } from '#libs/testing';
import { createGatewayApp } from '../../apps/gateway/src/gateway.factory.js';
import { createWorkerApp } from '../../apps/worker/src/worker.factory.js';
import { TcpProxy } from './tcp-proxy.js';

/** A running Hookbridge (gateway and, unless disabled, worker) on its own database and prefix. */
export interface Harness {
  config: AppConfig;
  gateway: NestFastifyApplication;
  worker?: INestApplicationContext;
  databaseUrl: string;
  /** supertest against the gateway. */
  http: () => ReturnType<typeof request>;
  /** With `proxied`: the relays between the apps and PostgreSQL / Redis, to cut and restore them. */
  proxies?: { postgres: TcpProxy; redis: TcpProxy };
  /** Starts the worker later (e.g. to test what happens while it is down). */
  startWorker: () => Promise<INestApplicationContext>;
  close: () => Promise<void>;
}

/**
 * Starts a harness on a fresh database; `icuLocale` makes that database's default collation the ICU
 * locale's (see createTestDatabase).
 */
export async function startHarness(
  options: { worker?: boolean; env?: Record<string, string>; proxied?: boolean; icuLocale?: string } = {},
): Promise<Harness> {
  const db = await createTestDatabase({ icuLocale: options.icuLocale });
  const redis = createTestRedisPrefix();
  let proxies: Harness['proxies'];
  let gateway: NestFastifyApplication | undefined;
  let harness: Harness | undefined;
  // What has started so far, stopped; used by close() and when the start itself fails.
  const stop = async () => {
    await harness?.worker?.close();
    await gateway?.close();
    await proxies?.postgres.stop();
    await proxies?.redis.stop();
    await redis.cleanup();
    await db.drop();
  };
  try {
    proxies = options.proxied
      ? { postgres: await TcpProxy.for(db.url).start(), redis: await TcpProxy.for(TEST_REDIS_URL).start() }
      : undefined;
    const config = proxies
      ? testConfig(proxies.postgres.url(db.url), redis.prefix, {
          REDIS_URL: proxies.redis.url(TEST_REDIS_URL),
          ...options.env,
        })
      : testConfig(db.url, redis.prefix, options.env);
    const app = await createGatewayApp(config);
    gateway = app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const h: Harness = {
      config,
      gateway: app,
      databaseUrl: db.url,
      proxies,
      http: () => request(app.getHttpServer()),
      startWorker: async () => {
        h.worker ??= await createWorkerApp(config);
        return h.worker;
      },
      close: stop,
    };
    harness = h;
    if (options.worker !== false) await h.startWorker();
    return h;
  } catch (err) {
    // A start that fails leaves no database, Redis keys or listener behind.
    await stop().catch(() => undefined);
    throw err;
  }
}
