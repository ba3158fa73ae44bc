// The portal's build. The tenant tree comes from @onenet/tenancy at build time (the same
// infra/keycloak/tenants.json the realm is generated from) as a virtual module, because the
// package itself reads the file with node:fs and cannot run in a browser.
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

export default defineConfig({
  plugins: [react(), tenantTree()],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npm run dev`: the platform (npm start) serves the APIs and the IdP on :8080.
    proxy: { '/api': 'http://localhost:8080', '/realms': 'http://localhost:8080' },
  },
});
