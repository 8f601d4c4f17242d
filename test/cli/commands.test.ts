// The table of commands loaded on demand: it names every command gw has (a command missing from it would be loaded
// only for `gw --help`), each name loads the module that registers it, and the command word is found in argv.
import { cac } from 'cac';
import { describe, expect, it } from 'vitest';
import { COMMAND_LOADERS, commandWord, registerCommands } from '../../src/cli/commands/index.js';

const namesOf = (cli: ReturnType<typeof cac>) => cli.commands.flatMap((c) => [c.name, ...c.aliasNames]);

describe('the command table', () => {
  it('lists exactly the names and aliases that registering every command adds', async () => {
    const cli = cac('gw');
    await registerCommands(cli, undefined);
    expect(namesOf(cli).sort()).toEqual([...COMMAND_LOADERS.keys()].sort());
    expect(namesOf(cli)).toEqual(expect.arrayContaining(['serve', 'ls', 'rm', 'restart', 'deny', 'disable']));
  });

  it('registers only the command a name asks for', async () => {
    for (const name of COMMAND_LOADERS.keys()) {
      const cli = cac('gw');
      await registerCommands(cli, name);
      expect(namesOf(cli)).toContain(name);
      // Only what the same register function adds (`status` brings `restart`, nothing else).
      for (const other of namesOf(cli)) expect(COMMAND_LOADERS.get(other), `${name} brought ${other}`).toBe(COMMAND_LOADERS.get(name));
    }
  });

  it('registers every command for a word that is no command', async () => {
    const cli = cac('gw');
    await registerCommands(cli, 'frobnicate');
    expect(namesOf(cli).sort()).toEqual([...COMMAND_LOADERS.keys()].sort());
  });
});

describe('commandWord', () => {
  it('is the first word that is neither an option nor the value of --config', () => {
    expect(commandWord(['serve', '--group', 'dev'])).toBe('serve');
    expect(commandWord(['--config', 'list', 'add', 'x'])).toBe('add');
    expect(commandWord(['--config=gw.json', '--debug', 'ls'])).toBe('ls');
    expect(commandWord(['--version'])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
    expect(commandWord(['--', 'serve'])).toBeUndefined();
  });
});
