/**
 * The Lua scripts of a target's concurrency slots in Redis (see TargetAdmission): KEYS[1] is the
 * sorted set of slots held (scored by when their lease runs out), KEYS[2] the target's waiting line
 * (scored by when each joined).
 */

// Atomically: drop expired leases, take the slot a release granted this waiter (ARGV[6]) if there is
// one, else take a slot if fewer than ARGV[2] are held (leaving the waiting line, KEYS[2], if this
// delivery was in it), else join the line (unless ARGV[7] is '0': a caller waiting in its own
// process, woken by that process's releases, joins only when it gives up). Doing both in one script
// means a slot freed in between cannot be missed: the releaser either sees this waiter or this
// caller sees the free slot.
export const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZREM', KEYS[1], 'grant:' .. ARGV[6]) == 1
   or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('ZREM', KEYS[2], ARGV[6])
  return 1
end
if ARGV[7] == '1' then
  redis.call('ZADD', KEYS[2], 'NX', ARGV[1], ARGV[6])
  redis.call('PEXPIRE', KEYS[2], 3600000)
end
return 0`;

// Atomically: give the slot back, and grant each free slot (of ARGV[3]) to the first in line, for
// ARGV[4] ms: a granted slot counts as held, so that nobody else takes it before the waiter comes
// for it (see ACQUIRE). Returns the slots still free, the waiters still in line, then the waiters
// granted a slot. Granting every free slot, not just this one, makes up for a grant that lapsed or
// a waiter woken in vain.
export const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local granted = {}
for i = 1, tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1]) do
  local next = redis.call('ZPOPMIN', KEYS[2])
  if next[1] == nil then break end
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[4]), 'grant:' .. next[1])
  granted[i] = next[1]
end
if #granted > 0 and redis.call('PTTL', KEYS[1]) < 2 * tonumber(ARGV[4]) then
  redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[4]))
end
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
if free < 0 then free = 0 end
return {free, redis.call('ZCARD', KEYS[2]), unpack(granted)}`;

/**
 * How long a slot granted to the first in a target's line stays its own: its job, promoted, is
 * normally there within milliseconds; one that does not come (gone, or stuck behind a backlog of
 * deliver jobs) gives the slot back to the others after this.
 */
export const GRANT_MS = 10_000;
