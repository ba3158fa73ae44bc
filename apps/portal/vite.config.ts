// The portal's build. The tenant tree comes from @onenet/tenancy at build time (the same
// infra/keycloak/tenants.json the realm is generated from) as a virtual module, because the
// package itself reads the file with node:fs and cannot run in a browser.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { loadTenantDirectory } from '@onenet/tenancy';

function tenantTree(): Plugin {
  const id = 'virtual:onenet-tenants';
  return {
    name: 'onenet-tenants',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const tenants = loadTenantDirectory().all().map((t) => [t.code, t.name, t.kind, t.parentCode]);
      return `export default ${JSON.stringify(tenants)};`;
    },
  };
}

/**
 * Writes .br and .gz beside each text asset, so a static server that serves precompressed files
 * (@fastify/static's preCompressed, nginx gzip_static/brotli_static) spends no CPU per request
 * and a phone on a slow connection downloads the smallest form.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'onenet-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|webmanifest)$/.test(file) || file.includes('/.vite/')) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * Fewer, larger chunks on the way to the first screen. The edge speaks HTTP/1.1 (six connections
 * per host), so on a phone's connection every request costs a round trip, and rolldown's
 * automatic splitting (one chunk per set of pages sharing a module) gave the deputy's home 66
 * requests. Here the start-up code (main.tsx's static imports: React, i18n, keycloak-js and the
 * API client with React Query, so the first page's data is asked for before the app arrives)
 * is one chunk, antd's core and the router another, and the antd components of the workspace
 * and the role homes (cards, tags, menus, descriptions, figures) a third; each page keeps its
 * own chunk.
 */
/** Modules under these packages or folders of node_modules ('antd/es/card'), either separator. */
const under = (...paths: string[]) => new RegExp(`node_modules[\\\\/](${paths.map((p) => p.replaceAll('/', '[\\\\/]')).join('|')})[\\\\/]`);
const antd = (...names: string[]) => names.map((name) => `antd/es/${name}`);
const rc = (...names: string[]) => names.map((name) => `@rc-component/${name}`);
const CHUNK_GROUPS = [
  { name: 'boot', priority: 30, test: under('react', 'i18next', 'react-i18next', 'keycloak-js', 'dayjs', '@tanstack', 'openapi-fetch') },
  // With them, the entry's own small modules (sign-in, API client, dates, the page list): one
  // file instead of seven in the first round of requests.
  { name: 'boot', priority: 30, test: /apps[\\/]portal[\\/]src[\\/](time|api|retry|pages|auth[\\/](keycloak|session)|i18n[\\/]index|pages[\\/]deputy[\\/]queries)\.tsx?$|packages[\\/]api-client[\\/]src[\\/]/ },
  // React DOM downloads beside the app, not before the sign-in check can start.
  { name: 'dom', priority: 30, test: under('react-dom', 'scheduler') },
  {
    name: 'app',
    priority: 20,
    test: under(
      ...['cssinjs', 'cssinjs-utils', 'colors', 'fast-color'].map((name) => `@ant-design/${name}`),
      ...rc('util', 'motion', 'resize-observer', 'portal', 'trigger', 'context'),
      ...antd('_util', 'config-provider', 'theme', 'style', 'locale', 'app', 'button', 'space', 'layout', 'modal', 'message', 'notification', 'skeleton', 'empty', 'alert', 'grid', 'tooltip', 'form/hooks'),
      'react-router', 'stylis', '@emotion', 'clsx',
    ),
  },
  {
    name: 'work',
    priority: 10,
    test: under(...antd('card', 'tabs', 'tag', 'menu', 'dropdown', 'drawer', 'avatar', 'descriptions', 'statistic', 'progress', 'popover', 'badge'), ...rc('tabs', 'menu', 'dropdown', 'drawer', 'overflow', 'progress')),
  },
];

export default defineConfig({
  plugins: [react(), tenantTree(), precompress()],
  build: {
    target: 'es2022',
    // dist/.vite/manifest.json: scripts/bundle-size.ts reads each route's chunks from it.
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: { output: { codeSplitting: { groups: CHUNK_GROUPS } } },
  },
  server: {
    // `npm run dev`: the platform (npm start) serves the APIs and the IdP on :8080.
    proxy: { '/api': 'http://localhost:8080', '/realms': 'http://localhost:8080' },
  },
});
