import { Injectable } from '@nestjs/common';
import { Arns, invalid } from '../common/index.js';
import { ApiDestinationsRepository } from '../api-destinations/api-destinations.repository.js';
import {
  type ApiDestinationTargetInput,
  toTargetDefinition,
} from '../api-destinations/api-destination-target.schema.js';
import { type PutTargetsResult, RulesService, type TargetOrigin } from '../rules/rules.service.js';
import type { SecretPart } from '../rules/kept-secrets.js';
import type { TargetInput } from '../rules/target.schema.js';
import { EventBridgeTargetsService } from './eventbridge-targets.service.js';

/** A target as REST puts it: by its settings, or naming an API destination of the account. */
export type TargetEntry = TargetInput | ApiDestinationTargetInput;

/**
 * REST's `PUT …/targets`. A target naming an API destination is turned into the EventBridge API's
 * definition of a target with the destination's ARN and resolved by the same resolver as
 * PutTargets, keeping that definition as its origin: it carries the connection's credentials and
 * follows later changes of the destination and its connection (deauthorizing or deleting either
 * disables it). Unlike PutTargets, where such a target fails alone, a destination that does not
 * exist or cannot be called (its connection deleted or not AUTHORIZED) refuses the whole request.
 */
@Injectable()
export class TargetEntriesService {
  constructor(
    private readonly rules: RulesService,
    private readonly eventbridge: EventBridgeTargetsService,
    private readonly destinations: ApiDestinationsRepository,
    private readonly arns: Arns,
  ) {}

  async put(
    accountId: string,
    busName: string,
    ruleName: string,
    entries: readonly TargetEntry[],
    keepSecrets?: ReadonlyMap<string, readonly SecretPart[]>,
  ): Promise<PutTargetsResult> {
    // A missing bus or rule is a 404 before any destination is looked up.
    await this.rules.get(accountId, busName, ruleName);
    const targets: TargetInput[] = [];
    const origins = new Map<string, TargetOrigin>();
    for (const entry of entries) {
      if (entry.type === 'api-destination') {
        const resolved = await this.resolve(accountId, entry);
        targets.push(resolved.target);
        origins.set(entry.id, resolved.origin);
      } else {
        targets.push(entry);
        // An id given twice is written twice: the origin goes with the entry that names a destination.
        origins.delete(entry.id);
      }
    }
    return this.rules.putTargets(accountId, busName, ruleName, targets, { origins, keepSecrets });
  }

  private async resolve(
    accountId: string,
    entry: ApiDestinationTargetInput,
  ): Promise<{ target: TargetInput; origin: TargetOrigin }> {
    const name = entry.apiDestination.name;
    const row = await this.destinations.find(accountId, name);
    if (!row) throw invalid(`Target ${entry.id}: API destination ${name} does not exist.`);
    const definition = toTargetDefinition(entry, this.arns.apiDestination(accountId, row.name, row.id));
    const { targets, origins, failedEntries } = await this.eventbridge.resolve(accountId, [definition]);
    const [target] = targets;
    const origin = origins.get(entry.id);
    if (!target || !origin)
      throw invalid(`Target ${entry.id}: ${failedEntries[0]?.errorMessage ?? 'cannot be resolved.'}`);
    return {
      target: entry.deadLetter !== undefined ? { ...target, deadLetter: entry.deadLetter } : target,
      origin,
    };
  }
}
