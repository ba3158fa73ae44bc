import { loadConfig, BaseConfig, extendConfig } from '../src/config.ts';
import Type from 'typebox';
console.log(JSON.stringify(BaseConfig.properties.LOG_LEVEL));
const S = extendConfig({ FEATURE: Type.Boolean({ default: false }) });
for (const env of [{}, { DATABASE_URL: 'mysql://x' }, { DATABASE_URL: 'postgres://u:secret@h/db', PORT: 'abc', LOG_LEVEL: 'loud', FEATURE: 'maybe' }, { DATABASE_URL: 'postgres://u@h/db', PORT: '8080', FEATURE: 'true' }]) {
  try { console.log(JSON.stringify(loadConfig(S, env))); } catch (e) { console.log((e as Error).message); }
}
