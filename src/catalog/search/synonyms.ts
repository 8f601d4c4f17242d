// Related-term table for tool-catalog vocabulary: expands a query word to the words tools tend to use instead.
import { stem } from './stem.js';

export interface Expansion {
  term: string; // a stemmed term
  weight: number; // relative to an exact match (1)
}

// Near-equivalents: each word expands to every other word of its group at EQUIVALENT_WEIGHT.
const EQUIVALENTS: readonly string[] = [
  'remove delete rm erase destroy discard purge unlink drop',
  'create add new make insert generate',
  'list enumerate show display view browse',
  'get fetch retrieve read obtain load',
  'find search query lookup locate look seek discover',
  'send post publish notify message',
  'update edit modify change alter patch amend revise',
  'run execute exec invoke launch trigger perform',
  'stop kill terminate halt cancel abort end quit',
  'close dismiss exit',
  'screenshot capture snapshot screengrab',
  'navigate browse go visit goto open url link',
  'click press tap',
  'type fill input enter',
  'web internet online website www',
  'page webpage site website tab',
  'kubernetes kubectl pod cluster k8s',
  'container pod docker',
  'memory knowledge graph',
  'entity entities node person people thing',
  'relation relationship link connection edge connect',
  'observation fact remember note',
  'file document',
  'directory folder',
  'repository project codebase',
  'issue bug ticket defect',
  'comment reply respond answer feedback',
  'user person people member account profile',
  'channel chat room conversation',
  'image picture photo media',
  'log logs output console',
  'error exception failure crash warning',
  'process program pid',
  'command shell terminal cmd bash cli console',
  'move rename relocate',
  'copy duplicate clone fork',
  'upload attach',
  'write save store persist',
  'size bytes length',
  'time date timestamp modified',
  'information metadata details stat stats properties attributes',
  'location place address coordinates position geo',
  'latitude longitude coordinates geocode',
  'elevation altitude height',
  'directions route itinerary travel drive driving walking commute',
  'distance far duration travel',
  'nearby near local around',
  'business shop store restaurant cafe coffee venue',
  'documentation docs reference manual guide',
  'library package framework module dependency sdk',
  'research investigate study',
  'paper article academic arxiv publication scholarly journal',
  'crawl spider',
  'scrape extract parse harvest',
  'monitor watch track observe',
  'schedule recurring periodic cron',
  'audit lighthouse accessibility seo',
  'performance speed trace profile profiling',
  'network request http traffic',
  'script javascript code evaluate eval',
  'style css stylesheet',
  'key keyboard shortcut keystroke',
  'hover mouseover',
  'drag drop',
  'dialog alert popup modal confirm',
  'form field login',
  'wait pause sleep delay',
  'resize viewport window dimensions',
  'emulate simulate mimic',
  'scale replicas autoscale',
  'install deploy setup',
  'helm chart',
  'port forward tunnel',
  'configuration settings setting preferences options',
  'environment variables',
  'sum add total plus calculate arithmetic math addition',
  'echo repeat',
  'compress zip gzip archive',
  'toggle switch enable disable',
  'think reason reasoning thought thoughts plan',
  'database table datasource',
  'property attribute column',
  'commit history revision',
  'merge combine',
  'review approve approval',
  'status state check checks ci',
  'code source function snippet definition',
  'diff changes difference compare',
  'tree structure hierarchy recursive recursively',
  'markdown md',
  'news latest current recent',
  'reaction emoji react',
  'thread replies',
  'email mail inbox',
  'calendar event meeting appointment',
  'spreadsheet sheet excel csv',
  'payment invoice billing charge',
  'secret token credential password',
  'permission access role grant',
  'video recording screencast record',
  'summarize summary',
  'download save',
  'content text body',
  'pdf document',
  'report summary',
  'branch ref',
];

// One-way hints at a lower weight: a query word that names a goal, pointing at words that name the means.
// Written `word: targets;` to keep the table compact.
const RELATED = `
remember: create entities observations memory store; forget: delete remove entities memory;
recall: search read memory; know: knowledge memory search; link: relations;
open: create new read navigate; show: get read; view: read get; see: get list read view;
check: get status; copy: fork; propose: create pull request; contribute: pull request fork;
approve: merge review; ship: deploy merge release; publish: post create; dump: read export entire;
export: save write pdf; convert: geocode transform; altitude: elevation; upload: file;
shop: places local businesses; restaurant: places local businesses; hotel: places local;
near: places local; address: geocode; drive: directions distance; long: duration distance time;
answer: reply; tell: send message; team: channel slack workspace; chat: slack message;
folder: directory; disk: file filesystem local; local: filesystem file; filesystem: file directory;
snippet: code edit block; replace: edit; tweak: edit update; fix: edit update; rename: move;
machine: process system; background: process start session; terminal: process session;
app: process program; stats: usage; usage: stats; cluster: kubernetes resources;
deployment: kubernetes scale rollout; container: pod logs; crash: logs; restart: rollout;
load: navigate page; site: url website; browser: page navigate tab; back: previous history;
previous: back history; console: messages; button: click element; element: click hover;
login: form fill; heap: memory snapshot; leak: memory heap; speed: performance lighthouse;
slow: performance trace; internet: web search; google: web search; news: web search;
docs: documentation library; api: documentation reference; papers: research arxiv;
citations: research sources; topic: research search; problem: thinking; step: thinking sequential;
numbers: sum; add: sum; notes: page; wiki: page notion; workspace: page notion;
spreadsheet: database; ticket: issue; merge: pull request; review: pull request;
passed: status checks; branch: pull request commits; star: repository; fork: repository;
person: entity user; people: entities users; who: user users member members people;
xhr: network requests; ajax: network requests; glob: pattern search files; wildcard: pattern search;
rollback: rollout undo revert; revert: rollout undo; undo: revert rollout; redeploy: rollout restart;
reverse: geocode; coordinates: geocode; matrix: distance; combination: matrix distance;
`;

export const EQUIVALENT_WEIGHT = 0.55;
export const RELATED_WEIGHT = 0.35;

// Built on the first search, not at startup (stemming every entry costs a few milliseconds).
let table: Map<string, Expansion[]> | undefined;

// Expansions of one stemmed query term (never includes the term itself).
export function expandTerm(term: string): readonly Expansion[] {
  table ??= buildTable();
  return table.get(term) ?? [];
}

function buildTable(): Map<string, Expansion[]> {
  const out = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, weight: number): void => {
    if (from === to) return;
    let m = out.get(from);
    if (!m) out.set(from, (m = new Map()));
    if ((m.get(to) ?? 0) < weight) m.set(to, weight);
  };
  for (const line of EQUIVALENTS) {
    const stems = [...new Set(line.split(' ').map(stem))];
    for (const a of stems) for (const b of stems) add(a, b, EQUIVALENT_WEIGHT);
  }
  for (const entry of RELATED.split(';')) {
    const [word, targets] = entry.split(':').map((x) => x.trim());
    if (!word || !targets) continue;
    for (const t of targets.split(/\s+/)) add(stem(word), stem(t), RELATED_WEIGHT);
  }
  const table = new Map<string, Expansion[]>();
  for (const [from, m] of out)
    table.set(
      from,
      [...m].map(([term, weight]) => ({ term, weight })),
    );
  return table;
}
