/**
 * The body of a benchmark webhook: about 0.9 KB of JSON shaped like a GitHub `issues` event, with
 * the fields given merged in at the top (a sequence number, a send time), varying from one webhook
 * to the next. Nested objects cost the worker what a provider's payload costs to parse, normalize
 * and match, and its keys and URLs compress the way such JSON does. The single 800-character run of
 * `x` used before was cheaper to match, and PostgreSQL compressed it to almost nothing in the
 * routed row, so stored rows, their WAL and their writes to disk looked smaller than real traffic's.
 */
export function webhookBody(fields: Record<string, number>): string {
  const n = fields.n ?? 0;
  const repo = `octo-org/hello-world-${n % 97}`;
  const issue = 1000 + (n % 9973);
  return JSON.stringify({
    ...fields,
    action: n % 3 === 0 ? 'opened' : 'edited',
    issue: {
      url: `https://api.github.com/repos/${repo}/issues/${issue}`,
      repository_url: `https://api.github.com/repos/${repo}`,
      comments_url: `https://api.github.com/repos/${repo}/issues/${issue}/comments`,
      html_url: `https://github.com/${repo}/issues/${issue}`,
      id: 1_930_164_712 + n,
      node_id: Buffer.from(`I_${n}_${issue}`).toString('base64'),
      number: issue,
      title: `Retries stop after attempt ${n % 7} when the target answers 503`,
      user: { login: `octocat-${n % 211}`, id: 583_231 + (n % 211), type: 'User', site_admin: false },
      state: 'open',
      locked: false,
      comments: n % 13,
      created_at: new Date(1_795_000_000_000 + n * 1_000).toISOString(),
      author_association: 'MEMBER',
      body: `Seen on delivery ${n.toString(36)}: the Retry-After header (${n % 120} s) was ignored.`,
    },
    repository: {
      id: 1_296_269 + (n % 97),
      node_id: Buffer.from(`R_${n % 97}`).toString('base64'),
      name: `hello-world-${n % 97}`,
      full_name: repo,
      private: false,
    },
    sender: { login: `octocat-${n % 211}`, id: 583_231 + (n % 211), type: 'User' },
  });
}
