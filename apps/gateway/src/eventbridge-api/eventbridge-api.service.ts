import { Injectable } from '@nestjs/common';
import type { Principal } from '#libs/domain';
import { AwsError } from './aws-error.js';
import type { OperationTable } from './operation.js';
import { SigV4Verifier, type SignedRequest } from './sigv4-verifier.js';
import { ArchiveOperations } from './operations/archive.operations.js';
import { ApiDestinationOperations } from './operations/api-destination.operations.js';
import { ConnectionOperations } from './operations/connection.operations.js';
import { EventBusOperations } from './operations/event-bus.operations.js';
import { EventOperations } from './operations/event.operations.js';
import { EventSourceOperations } from './operations/event-source.operations.js';
import { PartnerOperations } from './operations/partner.operations.js';
import { RuleOperations } from './operations/rule.operations.js';
import { TagOperations } from './operations/tag.operations.js';
import { TargetOperations } from './operations/target.operations.js';

const TARGET = /^AWSEvents\.([A-Za-z]+)$/;

/**
 * The EventBridge-compatible API (AWS JSON 1.1): verifies the SigV4 signature, picks the operation
 * named by `X-Amz-Target`, checks the key's role may call it, and runs it on the domain services.
 */
@Injectable()
export class EventBridgeApi {
  private readonly operations: OperationTable;

  constructor(
    private readonly verifier: SigV4Verifier,
    partner: PartnerOperations,
    eventSources: EventSourceOperations,
    buses: EventBusOperations,
    rules: RuleOperations,
    targets: TargetOperations,
    events: EventOperations,
    connections: ConnectionOperations,
    destinations: ApiDestinationOperations,
    tags: TagOperations,
    archives: ArchiveOperations,
  ) {
    this.operations = Object.assign(
      {},
      ...[
        partner,
        eventSources,
        buses,
        rules,
        targets,
        events,
        connections,
        destinations,
        tags,
        archives,
      ].map((g) => g.table),
    ) as OperationTable;
  }

  /** The names of the operations served, for tests and docs. */
  get operationNames(): string[] {
    return Object.keys(this.operations).sort();
  }

  /** Serves one request; throws AwsError (or a DomainError, mapped by the caller) on failure. */
  async handle(req: SignedRequest): Promise<object> {
    const principal = await this.verifier.verify(req);
    const targetHeader = req.headers['x-amz-target'];
    const opName = TARGET.exec(typeof targetHeader === 'string' ? targetHeader : '')?.[1] ?? '';
    const op = Object.hasOwn(this.operations, opName) ? this.operations[opName] : undefined;
    if (!op)
      throw new AwsError('UnknownOperationException', `Unknown operation: '${String(targetHeader ?? '')}'.`);
    if (principal.kind !== op.role)
      throw new AwsError(
        'AccessDeniedException',
        `User: ${describe(principal)} is not authorized to perform: events:${opName} (it needs ${op.role === 'account' ? 'an account' : 'a partner'} key).`,
      );
    return op.invoke(principal, parseBody(req.body));
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as JSON. It must be UTF-8 (as AWS requires): decoding leniently would store U+FFFD in
 * place of the invalid bytes.
 */
function parseBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
}

function describe(p: Principal): string {
  if (p.kind === 'account') return `account ${p.accountId}`;
  if (p.kind === 'partner') return `partner ${p.partner}`;
  return 'admin';
}
