#!/bin/sh
# Creates the suite's login role and database in a fresh PostgreSQL cluster.
#
# Run by the official postgres image from /docker-entrypoint-initdb.d on an empty data directory
# (docker-compose.yml, and the dev overlay in k8s/ through deploy/kustomization.yaml), as the image's
# superuser. The role is not a superuser: it owns the database, which gives it CREATE there, and each
# service's Flyway creates its own schema (auth, memory, files) on first start.
#
# Environment: INSIGHT_DB_PASSWORD (required), INSIGHT_DB_USER and INSIGHT_DB_NAME (default insight);
# POSTGRES_USER / POSTGRES_DB are the image's own. Safe to run twice.
set -eu

: "${INSIGHT_DB_USER:=insight}"
: "${INSIGHT_DB_NAME:=insight}"
: "${INSIGHT_DB_PASSWORD:?INSIGHT_DB_PASSWORD must be set}"

# psql variables (:'x' quotes a literal, :"x" an identifier) keep the values out of the SQL text.
psql -v ON_ERROR_STOP=1 --no-psqlrc \
  --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
  -v role="$INSIGHT_DB_USER" -v password="$INSIGHT_DB_PASSWORD" -v db="$INSIGHT_DB_NAME" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'role', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
\connect :"db"
-- Nothing lands in public by accident; the services use their own schemas.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
