# syntax=docker/dockerfile:1
# The portal: docker build -f infra/docker/portal.Dockerfile .
# Node 24 builds the single-page app (vite build); nginx serves the static files it produced.
# The same image is the edge of docker-compose (infra/compose.yaml mounts edge.conf).
ARG NODE_IMAGE=node:24.21.0-trixie-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.29.3-alpine

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /src/ ./
# Build tools (vite) are dev dependencies: this stage is thrown away, only dist/ is kept.
RUN npm ci --workspace apps/portal --include-workspace-root=false --ignore-scripts --no-audit --no-fund

FROM deps AS build
# Vite's TypeScript transform reads apps/portal/tsconfig.json, which extends the root one.
COPY tsconfig.base.json ./
COPY packages/ ./packages/
COPY apps/portal/ ./apps/portal/
COPY infra/keycloak/ ./infra/keycloak/
RUN npm run build --workspace apps/portal

# Runtime: nginx as uid 101, static files owned by root, root filesystem read-only (/tmp written).
FROM ${NGINX_IMAGE} AS runtime
ENV NGINX_ENTRYPOINT_QUIET_LOGS=1
COPY --chown=root:root infra/docker/nginx/portal.conf /etc/nginx/conf.d/default.conf
COPY --from=build --chown=root:root /app/apps/portal/dist /usr/share/nginx/html
USER 101:101
EXPOSE 8080
# nginx finishes the requests in flight on SIGQUIT (graceful); SIGTERM would cut them.
STOPSIGNAL SIGQUIT
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
