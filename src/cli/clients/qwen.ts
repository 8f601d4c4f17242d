// Qwen Code: ~/.qwen/settings.json, the Gemini CLI format (a fork of it).
import { geminiLike } from './gemini.js';

export const qwen = geminiLike('qwen', 'Qwen Code', '.qwen');
