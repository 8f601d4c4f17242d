// Registers every gw command with cac; each command lives in its own file.
import type { CAC } from 'cac';
import { registerAdd } from './add.js';
import { registerAllow, registerDeny } from './allow.js';
import { registerDisable, registerEnable } from './enable.js';
import { registerGroup } from './group.js';
import { registerImport } from './import.js';
import { registerInstall } from './install.js';
import { registerList } from './list.js';
import { registerRemove } from './remove.js';
import { registerServe } from './serve.js';
import { registerTools } from './tools.js';
import { registerTest } from './test-server.js';
import { registerSearch } from './search.js';
import { registerDoctor } from './doctor.js';
import { registerStatus } from './status.js';
import { registerToken } from './token.js';
import { registerLog } from './log.js';
import { registerPin } from './pin.js';
import { registerAuth } from './auth.js';
import { registerTokens } from './tokens.js';
import { registerOverride } from './override.js';
import { registerBroker } from './broker.js';

export function registerCommands(cli: CAC): void {
  registerServe(cli);
  registerAdd(cli);
  registerRemove(cli);
  registerEnable(cli);
  registerDisable(cli);
  registerList(cli);
  registerAllow(cli);
  registerDeny(cli);
  registerGroup(cli);
  registerImport(cli);
  registerInstall(cli);
  registerTools(cli);
  registerTest(cli);
  registerSearch(cli);
  registerDoctor(cli);
  registerStatus(cli);
  registerToken(cli);
  registerLog(cli);
  registerPin(cli);
  registerAuth(cli);
  registerTokens(cli);
  registerOverride(cli);
  registerBroker(cli);
}
