// Tool globs of plugin options: the gateway's one glob rule (src/globs.ts), re-exported for plugins.
export { nameMatcher, type NameMatcher } from '../../globs.js';
