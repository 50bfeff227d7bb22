import * as sdk from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { forbiddenIn, type MatrixResult } from './rest-matrix.js';
import { OPERATION_FILL } from './eventbridge-fill.js';
import type { TenantWorld } from './tenant-world.js';

type Command = new (input: Record<string, unknown>) => Parameters<EventBridgeClient['send']>[0];

/** What a call came to: the SDK's answer, or the AWS error it rejected with. */
type Outcome = { ok: true; out: Record<string, unknown> } | { ok: false; name: string; text: string };

async function call(client: EventBridgeClient, op: string, input: Record<string, unknown>): Promise<Outcome> {
  const Cmd = (sdk as unknown as Record<string, Command | undefined>)[`${op}Command`];
  if (!Cmd) throw new Error(`the SDK has no ${op}Command`);
  try {
    const out = (await client.send(new Cmd(input))) as unknown as Record<string, unknown>;
    return { ok: true, out };
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { ok: false, name: e.name, text: `${e.message} ${e.$metadata?.httpStatusCode ?? ''}` };
  }
}

/** A 200 that still refused: PutEvents/PutTargets-style answers where every entry failed. */
function allEntriesFailed(out: Record<string, unknown>, input: Record<string, unknown>): boolean {
  const sent = (input.Entries ?? input.Targets) as unknown[] | undefined;
  return typeof out.FailedEntryCount === 'number' && out.FailedEntryCount === sent?.length;
}

/**
 * Calls every operation the gateway serves with `a`'s account and partner SDK clients against
 * `v`'s resources. The right role gets an AWS error (or every entry failed); the wrong role gets
 * AccessDeniedException; list operations, and deletes of what `a` does not have, succeed without
 * anything of `v`'s.
 */
export async function eventBridgeMatrix(
  operations: string[],
  a: TenantWorld,
  v: TenantWorld,
): Promise<MatrixResult & { calls: number }> {
  const res = { checks: 0, calls: 0, problems: [] as string[] };
  for (const op of operations) {
    const fill = OPERATION_FILL[op];
    if (!fill) {
      res.problems.push(`${op}: not in OPERATION_FILL (say how to aim it at another tenant)`);
      continue;
    }
    for (const input of fill.inputs(v, a)) {
      const sent = JSON.stringify(input);
      for (const [kind, client] of [
        ['account', a.account],
        ['partner', a.partnerClient],
      ] as const) {
        res.checks++;
        res.calls++;
        const what = `${op} ${sent} with ${a.tag}'s ${kind} key → ${v.tag}`;
        const got = await call(client, op, input);
        const text = got.ok ? JSON.stringify(got.out) : got.text;
        const leaked = forbiddenIn(v, sent).filter((f) => text.includes(f));
        if (leaked.length) res.problems.push(`${what}: the answer contains ${leaked.join(', ')}`);
        if (kind !== fill.role) {
          if (got.ok || got.name !== 'AccessDeniedException')
            res.problems.push(`${what}: expected AccessDeniedException, got ${text}`);
        } else if (fill.kind === 'victim') {
          if (got.ok && !allEntriesFailed(got.out, input)) res.problems.push(`${what}: succeeded: ${text}`);
          const allowed = fill.errors ?? ['ResourceNotFoundException'];
          if (!got.ok && !allowed.includes(got.name))
            res.problems.push(`${what}: ${got.name} (expected ${allowed.join(' or ')}): ${text}`);
        } else if (fill.kind === 'idempotent') {
          if (!got.ok) res.problems.push(`${what}: an idempotent delete failed: ${got.name} ${text}`);
        } else if (!got.ok && fill.kind === 'list')
          res.problems.push(`${what}: a list failed: ${got.name} ${text}`);
      }
    }
  }
  return res;
}
