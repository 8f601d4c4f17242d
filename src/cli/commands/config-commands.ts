// The commands that read or edit gateway.json and the state directory without starting a gateway, in one module: they
// share nearly all their code, so loading them together costs little and spares gw serve many small shared chunks.
export { registerAdd } from './add.js';
export { registerAllow, registerDeny } from './allow.js';
export { registerAuth } from './auth.js';
export { registerBroker } from './broker.js';
export { registerDisable, registerEnable } from './enable.js';
export { registerGroup } from './group.js';
export { registerList } from './list.js';
export { registerLog } from './log.js';
export { registerOverride } from './override.js';
export { registerRemove } from './remove.js';
export { registerStatus } from './status.js';
export { registerToken } from './token.js';
