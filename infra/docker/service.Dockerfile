# syntax=docker/dockerfile:1
# One image per service: docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=<name> .
# (the build context is the repository root; infra/tools/build-images.ts builds them all).
# Node runs the TypeScript sources directly, so there is no compile stage: the stages only keep the
# dependency layer cacheable and the runtime image free of dev dependencies, npm and sources of
# other services.
ARG NODE_IMAGE=node:24.21.0-trixie-slim

# 1. The workspace manifests alone: the dependency layer below is rebuilt only when one changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

# 2. Production dependencies of the one service and the workspace packages it uses.
FROM ${NODE_IMAGE} AS deps
ARG SERVICE
WORKDIR /app
COPY --from=manifests /src/ ./
RUN npm ci --omit=dev --workspace "services/${SERVICE}" --include-workspace-root=false --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# 3. The sources it runs: the shared packages, the service, and the tenant tree (infra/keycloak).
FROM deps AS build
ARG SERVICE
COPY packages/ ./packages/
COPY services/${SERVICE}/ ./services/${SERVICE}/
COPY infra/keycloak/tenants.json ./infra/keycloak/tenants.json
RUN rm -rf packages/*/test packages/*/bench "services/${SERVICE}/test" "services/${SERVICE}/bench" \
 && rm -rf /app/services/*/node_modules/.cache

# 4. Runtime: Node 24 LTS, owned by root and run as `node` (uid 1000), so the process cannot
#    change its own code; the root filesystem is mounted read-only (only /tmp is written).
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0
WORKDIR /app/services/${SERVICE}
COPY --from=build --chown=root:root /app /app
USER 1000:1000
EXPOSE 8080
# Node is PID 1 and the kit handles SIGTERM itself (readiness off, drain, close): exec form, no shell.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "src/main.ts"]
CMD []
