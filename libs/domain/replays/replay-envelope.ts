/**
 * The envelope of a replayed event: the stored envelope with a top-level `replay-name` (§5.3 of
 * the EventBridge reference). Rules see it, so `{"replay-name":[{"exists":false}]}` keeps a live
 * rule away from replays. The SQL twin in the deliver path's claim query must build the same text.
 */
export function withReplayName(envelope: string, replayName: string): string {
  const text = envelope.trimEnd();
  return `${text.slice(0, -1)},"replay-name":${JSON.stringify(replayName)}}`;
}

/** The same splice in SQL, for `envelope` and `replay_name` column expressions. */
export const withReplayNameSql = (envelope: string, replayName: string): string =>
  `CASE WHEN ${replayName} <> '' THEN left(rtrim(${envelope}), -1) || ',"replay-name":' || to_json(${replayName}::text)::text || '}' ELSE ${envelope} END`;
