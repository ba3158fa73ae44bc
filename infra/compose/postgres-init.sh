#!/bin/sh
# First start of the compose PostgreSQL: the runtime role of each service (<schema>_app: login,
# no DDL, no BYPASSRLS — the migrations grant it table rights) and Keycloak's database, as the
# CloudNativePG Cluster's managed roles and Database do in Kubernetes.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v registry_password="$REGISTRY_APP_PASSWORD" \
  -v suggestions_password="$SUGGESTIONS_APP_PASSWORD" \
  -v keycloak_password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
create role registry_app login nobypassrls password :'registry_password';
create role suggestions_app login nobypassrls password :'suggestions_password';
create role keycloak login nobypassrls password :'keycloak_password';
create database keycloak owner keycloak;
SQL
