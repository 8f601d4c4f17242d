// Parses a built-in plugin's options once with zod; a bad option becomes one error naming the plugin and the option.
import type { z } from 'zod';
import { GatewayError } from '../../errors.js';

export function parsePluginOptions<S extends z.ZodType>(
  plugin: string,
  schema: S,
  options: unknown,
): z.infer<S> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const at = issue.path.length > 0 ? `option '${issue.path.map(String).join('.')}'` : 'options';
    return `${at}: ${issue.message}`;
  });
  throw new GatewayError('PLUGIN_FAILED', `plugin '${plugin}': invalid ${problems.join('; ')}`);
}
