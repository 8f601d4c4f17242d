// YAML client files (Goose): edited through the yaml package's Document API, which keeps comments and the layout of
// everything it does not touch.
import { isMap, parseDocument } from 'yaml';
import { GatewayError } from '../../../errors.js';
import type { ConfigFormat } from './index.js';

export const yamlFormat: ConfigFormat = {
  read(text, file) {
    const doc = parseDocument(text);
    const first = doc.errors[0];
    if (first) {
      const [line, col] = first.linePos?.[0] ? [first.linePos[0].line, first.linePos[0].col] : [1, 1];
      throw new GatewayError('CONFIG_INVALID', `${file}: invalid YAML (${first.code}) at line ${line}:${col}`);
    }
    return doc.toJS() ?? {};
  },
  set(text, at, value) {
    const doc = parseDocument(text);
    if (doc.contents !== null && !isMap(doc.contents)) throw new Error('the top level is not a mapping');
    doc.setIn(at, doc.createNode(value));
    return doc.toString();
  },
};
