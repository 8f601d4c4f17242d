// Deterministic look-alike distractor tools that pad a real catalog to N tools, so search quality is measured at scale.
import type { OfflineTool } from './offline.js';

// Each line: fake servers = the nouns their tools act on. Domains mirror the real catalog's (code hosting, files, chat, maps…).
const DOMAINS = `
gitlab bitbucket gitea azure-devops sourcehut codeberg = issue|merge request|pull request|repository|branch|commit|tag|release|pipeline|review|comment|label|milestone|webhook|file|project|snippet
jira linear asana trello clickup youtrack = issue|ticket|task|project|sprint|board|comment|epic|label|user|attachment|workflow|bug report
dropbox google-drive onedrive s3 box sftp nas = file|folder|directory|document|bucket|object|permission|share link|file version|file metadata|file contents
discord teams telegram mattermost rocketchat whatsapp = message|channel|thread|reaction|user|member|emoji|attachment|server|webhook|direct message
mapbox here-maps openstreetmap tomtom waze = place|address|route|coordinates|geocode|distance|elevation|timezone|traffic|travel time|nearby places
bing-search duckduckgo serpapi exa kagi perplexity jina = web results|news|images|videos|page content|answer|snippet|site|search results|web page
puppeteer selenium browserbase steel-browser hyperbrowser = page|tab|element|screenshot|cookie|form|url|frame|console log|network request|download|pdf|button
docker nomad openshift aws-ecs gcloud azure terraform argocd = container|image|service|deployment|pod|volume|cluster|node|log|secret|namespace|stack|replica
confluence coda obsidian evernote google-docs onenote = page|note|document|space|comment|block|database|template|attachment|markdown
mem0 zep graphiti chroma pinecone qdrant = memory|entity|relation|fact|collection|vector|embedding|observation|node|knowledge graph
ssh tmux shell-exec iterm powershell = command|process|session|terminal|script|job|host|output|shell
postgres mysql sqlite mongodb redis supabase bigquery snowflake = table|row|query|schema|index|collection|record|key|view|migration|database
stripe shopify hubspot salesforce zendesk intercom quickbooks = customer|invoice|payment|order|product|subscription|contact|deal|ticket|refund
gmail outlook google-calendar sendgrid twilio zoom = email|draft|label|event|meeting|calendar|contact|sms|call|attachment|inbox
sentry datadog grafana pagerduty newrelic prometheus = alert|incident|metric|dashboard|log|trace|monitor|event|error|performance report
vercel netlify cloudflare fly render heroku = deployment|project|domain|dns record|environment variable|build|worker|log|site
spotify youtube twitter reddit figma canva = video|playlist|post|comment|track|design|image|channel|subscriber|thread
arxiv semantic-scholar pubmed wikipedia wolfram = paper|article|author|citation|abstract|summary|result|topic
`;

// `verb: how a description starts;`
const VERB_TEXT = `
list: List all; get: Get details of a; create: Create a new; update: Update an existing; delete: Delete a;
search: Search for; find: Find a; add: Add a; remove: Remove a; fetch: Fetch the; retrieve: Retrieve a;
set: Set the; run: Run a; start: Start a; stop: Stop a running; cancel: Cancel a; export: Export a;
import: Import a; upload: Upload a; download: Download a; sync: Synchronise a; archive: Archive a;
restore: Restore a; move: Move a; copy: Copy a; share: Share a; send: Send a; publish: Publish a;
close: Close a; open: Open a; merge: Merge a; assign: Assign a; watch: Watch a; check: Check the status of a;
describe: Describe a; analyze: Analyze a; validate: Validate a; query: Query; count: Count; read: Read a;
write: Write a; edit: Edit a; rename: Rename a; schedule: Schedule a; trigger: Trigger a; take: Take a;
`;
const VERBS: ReadonlyMap<string, string> = new Map(
  VERB_TEXT.split(';')
    .map((e) => e.split(':').map((x) => x.trim()))
    .filter((e): e is [string, string] => Boolean(e[0] && e[1])),
);

const QUALIFIERS = '- - - by_id batch for_user history status details settings stats v2 recent all'
  .split(' ')
  .map((w) => (w === '-' ? '' : w));
const PARAMS =
  'id name query limit page owner project path url content message channel user status filter sort since until format title body tags'.split(
    ' ',
  );

// Pads `catalog` with distractors until it holds `total` tools; the same inputs always give the same output.
export function padCatalog(catalog: readonly OfflineTool[], total: number, seed = 42): OfflineTool[] {
  const taken = new Set(catalog.map((t) => t.server));
  const words = catalogWords(catalog);
  return [...catalog, ...generateDistractors(Math.max(0, total - catalog.length), words, taken, seed)];
}

export function generateDistractors(
  count: number,
  vocabulary: readonly string[],
  reservedServers: ReadonlySet<string>,
  seed = 42,
): OfflineTool[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const servers: Array<{ server: string; nouns: string[] }> = [];
  for (const line of DOMAINS.trim().split('\n')) {
    const [names = '', nouns = ''] = line.split(' = ');
    for (const server of names.split(' ')) {
      if (!reservedServers.has(server)) servers.push({ server, nouns: nouns.split('|') });
    }
  }
  const verbs = [...VERBS.keys()];
  const used = new Set<string>();
  const out: OfflineTool[] = [];
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const { server, nouns } = servers[i % servers.length] as { server: string; nouns: string[] };
    const verb = pick(verbs);
    const noun = pick(nouns);
    const qualifier = pick(QUALIFIERS);
    const name = formatName(
      server,
      [verb, ...noun.split(' '), ...(qualifier ? qualifier.split('_') : [])],
      rand(),
    );
    if (used.has(`${server}:${name}`)) continue;
    used.add(`${server}:${name}`);
    out.push({
      server,
      name,
      description: describe(server, verb, noun, qualifier, vocabulary, pick),
      inputSchema: schema(noun, rand, pick),
    });
  }
  return out;
}

// The real catalog's description words, so distractor text shares its vocabulary.
export function catalogWords(catalog: readonly OfflineTool[]): string[] {
  const words = new Set<string>();
  for (const t of catalog)
    for (const w of (t.description ?? '').toLowerCase().match(/[a-z]{4,}/g) ?? []) words.add(w);
  return [...words].sort();
}

// A seeded 32-bit PRNG (mulberry32): deterministic and good enough for sampling.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Mixes the naming styles real servers use: snake_case (often service-prefixed), kebab-case and camelCase.
function formatName(server: string, parts: string[], r: number): string {
  const prefix = server.split('-')[0] as string;
  if (r < 0.45) return parts.join('_');
  if (r < 0.65) return [prefix, ...parts].join('_');
  if (r < 0.8) return parts.join('-');
  return parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
}

function describe(
  server: string,
  verb: string,
  noun: string,
  qualifier: string,
  vocabulary: readonly string[],
  pick: <T>(xs: readonly T[]) => T,
): string {
  const service = server
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  const qual = qualifier ? ` (${qualifier.replace('_', ' ')})` : '';
  const filler = vocabulary.length > 0 ? Array.from({ length: 6 }, () => pick(vocabulary)).join(', ') : '';
  const extra = pick([
    `Use this when you need to ${pick([...VERBS.keys()])} ${noun}s from the ${service} API.`,
    `Returns the ${noun} as JSON with ${pick(['metadata', 'pagination', 'timestamps', 'links'])}.`,
    `Supports ${filler}.`,
    '',
  ]);
  return `${VERBS.get(verb) ?? verb} ${noun}${qual} in ${service}. ${extra}`.trim();
}

function schema(noun: string, rand: () => number, pick: <T>(xs: readonly T[]) => T): unknown {
  const properties: Record<string, unknown> = {};
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const p = pick(PARAMS);
    properties[p] = {
      type: p === 'limit' || p === 'page' ? 'number' : 'string',
      description: `The ${noun} ${p}`,
    };
  }
  return { type: 'object', properties };
}
