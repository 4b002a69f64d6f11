#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine: PostgreSQL 15 + pgvector, the screener role and
# database, and the EF Core migrations. A second run changes nothing. Each step says what it does.
# Users with Docker can skip the PostgreSQL steps: write .env (see README), `docker compose up -d`, then
# `scripts/setup.sh --migrate-only`.
# The database password is random per installation, kept in the PostgreSQL password file of the user who runs this
# (~/.pgpass or $PGPASSFILE, mode 0600), which Screener, its tests and psql all read; a re-run keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION=15
DB_HOST=127.0.0.1
DB_PORT=5432
DB_NAME=${SCREENER_DB_NAME:-screener}
DB_USER=${SCREENER_DB_USER:-screener}
PASS_FILE=${PGPASSFILE:-$HOME/.pgpass}
MIGRATE_ONLY=0
NO_BUILD=0
for arg in "$@"; do
  case "$arg" in
    --migrate-only) MIGRATE_ONLY=1 ;;
    --no-build) NO_BUILD=1 ;; # the CLI is built already (its tests run this script against a scratch role and database)
    *) echo "[setup] unknown option $arg (known: --migrate-only, --no-build)" >&2; exit 2 ;;
  esac
done
# docker compose reads .env; --migrate-only takes the same password from it.
if [ -z "${SCREENER_DB_PASSWORD:-}" ] && [ $MIGRATE_ONLY -eq 1 ] && [ -f .env ]; then
  SCREENER_DB_PASSWORD=$(sed -n 's/^SCREENER_DB_PASSWORD=//p' .env | head -n 1)
fi

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
# The password: SCREENER_DB_PASSWORD if set, else this installation's line in the password file, else a new one.
pgpass_prefix="$DB_HOST:$DB_PORT:*:$DB_USER:"
existing_password() { [ -f "$PASS_FILE" ] && grep -F "$pgpass_prefix" "$PASS_FILE" | head -n 1 | cut -d: -f5- || true; }
DB_PASSWORD=${SCREENER_DB_PASSWORD:-$(existing_password)}
# "screener" was the fixed default before: an installation still using it gets a random one now.
[ "$DB_PASSWORD" = "screener" ] && [ -z "${SCREENER_DB_PASSWORD:-}" ] && DB_PASSWORD=""
if [ -z "$DB_PASSWORD" ] && [ $MIGRATE_ONLY -eq 1 ]; then
  echo "[setup] no database password: put SCREENER_DB_PASSWORD=... in .env (the one docker compose used) or the environment" >&2
  exit 1
fi
if [ -z "$DB_PASSWORD" ]; then
  DB_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)
  say "generated a database password for $DB_USER"
fi
write_pgpass() {
  local tmp
  tmp=$(umask 077 && mktemp "$PASS_FILE.XXXXXX")
  { [ -f "$PASS_FILE" ] && grep -vF "$pgpass_prefix" "$PASS_FILE" || true; echo "$pgpass_prefix$DB_PASSWORD"; } >"$tmp"
  chmod 600 "$tmp" && mv "$tmp" "$PASS_FILE"
  say "database password for $DB_USER kept in $PASS_FILE (readable by $(id -un) only)"
}
write_pgpass

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $APT_UPDATED -eq 0 ]; then say "apt-get update"; as_root apt-get update -qq; APT_UPDATED=1; fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ $MIGRATE_ONLY -eq 0 ]; then
  # libicu: .NET needs it for Unicode normalisation (evidence grounding); not invariant-globalization mode.
  apt_install postgresql-$PG_VERSION postgresql-client-$PG_VERSION libicu72

  ext_dir=$(/usr/lib/postgresql/$PG_VERSION/bin/pg_config --sharedir)/extension
  if [ -f "$ext_dir/vector.control" ]; then
    say "pgvector already installed"
  else
    # pgvector is not in Debian 12's binary packages: build it from Debian's own (trixie) source package.
    apt_install postgresql-server-dev-$PG_VERSION dpkg-dev build-essential
    if ! grep -rqs 'trixie' /etc/apt/sources.list.d/screener-trixie-src.list; then
      say "adding a deb-src entry for trixie (source packages only)"
      echo 'deb-src http://deb.debian.org/debian trixie main' | as_root tee /etc/apt/sources.list.d/screener-trixie-src.list >/dev/null
      as_root apt-get update -qq
    fi
    build_dir=$(mktemp -d)
    say "building pgvector from Debian's source package in $build_dir"
    (cd "$build_dir" && apt-get source -qq pgvector >/dev/null 2>&1 && cd pgvector-*/ \
      && make -s PG_CONFIG=/usr/lib/postgresql/$PG_VERSION/bin/pg_config >/dev/null \
      && as_root make -s install PG_CONFIG=/usr/lib/postgresql/$PG_VERSION/bin/pg_config >/dev/null)
    rm -rf "$build_dir"
    [ -f "$ext_dir/vector.control" ] || { echo "[setup] pgvector build failed: see the output above" >&2; exit 1; }
    say "pgvector installed"
  fi

  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$PG_VERSION main$"; then
    say "creating PostgreSQL $PG_VERSION cluster 'main'"
    as_root pg_createcluster $PG_VERSION main >/dev/null
  fi
  if pg_lsclusters -h | awk -v v=$PG_VERSION '$1==v && $2=="main" {print $4}' | grep -q online; then
    say "PostgreSQL $PG_VERSION is running"
  else
    say "starting PostgreSQL $PG_VERSION"
    as_root pg_ctlcluster $PG_VERSION main start
  fi
  for _ in $(seq 1 30); do as_postgres pg_isready -q && break; sleep 1; done

  # The extension lives in template1 so every database created later (tests clone databases) has it.
  as_postgres psql -qtA -d template1 -c 'CREATE EXTENSION IF NOT EXISTS vector' >/dev/null
  if [ "$(as_postgres psql -qtA -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != "1" ]; then
    say "creating role $DB_USER"
    as_postgres psql -q -c "CREATE ROLE $DB_USER LOGIN CREATEDB"
  fi
  # Every run: an older installation's role still has the former fixed password "screener".
  # The password is alphanumeric (generated) or the operator's own; psql's :'var' quotes it either way.
  printf "ALTER ROLE %s PASSWORD :'pw';\n" "$DB_USER" | as_postgres psql -q -v pw="$DB_PASSWORD" >/dev/null
  if [ "$(as_postgres psql -qtA -c "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != "1" ]; then
    say "creating database $DB_NAME"
    as_postgres psql -q -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
  fi
fi

command -v dotnet >/dev/null || { echo "[setup] the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
if [ $NO_BUILD -eq 0 ]; then
  say "building the screener CLI"
  dotnet build src/Screener.Cli -c Release -v q -nologo
fi
say "applying database migrations"
# No password here: Npgsql takes it from the password file, as every later run does.
SCREENER__ConnectionStrings__Screener="Host=$DB_HOST;Port=$DB_PORT;Database=$DB_NAME;Username=$DB_USER;SSL Mode=Disable" \
  dotnet src/Screener.Cli/bin/Release/net10.0/screener.dll db migrate
say "done"
