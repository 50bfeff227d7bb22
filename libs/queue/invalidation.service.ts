import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#libs/config';
import { redisOptionsFromUrl } from './redis-options.js';

export type InvalidationTopic = 'source' | 'bus-rules' | 'archives';
type Listener = (key: string) => void;

/**
 * Cross-process cache invalidation over Redis pub/sub. Every process keeps small caches (sources by
 * ingest id, compiled rules by bus); a change anywhere publishes the key and every process drops it.
 * A missed message only delays freshness until the cache's own TTL, never correctness of state.
 */
@Injectable()
export class InvalidationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(InvalidationService.name);
  private readonly listeners = new Map<InvalidationTopic, Set<Listener>>();
  private readonly channel: string;
  private pub?: Redis;
  private sub?: Redis;
  /** Since when the subscription has been unbroken (undefined while it is down). */
  private subscribedSince?: number;
  private readonly lastMessageAt = new Map<InvalidationTopic, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.channel = `${config.queuePrefix}:invalidate`;
  }

  async onModuleInit(): Promise<void> {
    const options = { ...redisOptionsFromUrl(this.config.redisUrl), lazyConnect: true };
    this.pub = new Redis(options);
    this.sub = new Redis(options);
    for (const c of [this.pub, this.sub])
      c.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.sub.on('message', (_channel: string, message: string) => this.dispatch(message));
    await this.sub.subscribe(this.channel);
    this.subscribedSince = Date.now();
    // Messages published while the connection was down are lost: what came before the
    // subscription is back cannot be trusted (see quietSince). Subscribing again is idempotent.
    this.sub.on('close', () => (this.subscribedSince = undefined));
    this.sub.on('ready', () => {
      this.sub
        ?.subscribe(this.channel)
        .then(() => (this.subscribedSince ??= Date.now()))
        .catch((e: Error) => this.logger.warn(`subscribe: ${e.message}`));
    });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pub?.quit().catch(() => undefined), this.sub?.quit().catch(() => undefined)]);
  }

  /** Round trip to Redis, for the readiness check. */
  async ping(): Promise<void> {
    if (!this.pub) throw new Error('not connected');
    await this.pub.ping();
  }

  on(topic: InvalidationTopic, listener: Listener): void {
    const set = this.listeners.get(topic) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(topic, set);
  }

  /**
   * Since when (epoch ms) this process has been subscribed without a break and has heard of no
   * change of `topic`: state of that kind read or checked before then may be stale. Infinity while
   * not subscribed.
   */
  quietSince(topic: InvalidationTopic): number {
    if (this.subscribedSince === undefined) return Number.POSITIVE_INFINITY;
    return Math.max(this.subscribedSince, this.lastMessageAt.get(topic) ?? 0);
  }

  /** Drops the key locally at once, then tells every other process. */
  async publish(topic: InvalidationTopic, key: string): Promise<void> {
    const message = `${topic}\n${key}`;
    this.dispatch(message);
    await this.pub
      ?.publish(this.channel, message)
      .catch((e: Error) => this.logger.warn(`publish: ${e.message}`));
  }

  private dispatch(message: string): void {
    const [topic, key] = message.split('\n', 2) as [InvalidationTopic, string];
    this.lastMessageAt.set(topic, Date.now());
    for (const l of this.listeners.get(topic) ?? []) l(key);
  }
}
