# Shared by scripts/suite and scripts/test: find, install and start the backing services the suite needs
# (PostgreSQL, Redis, an S3-compatible server) and the dev JWT key pair. Sourced, not executed.
# Everything the scripts make lives under $RUN_DIR (default .run/, git-ignored).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${SUITE_RUN_DIR:-$ROOT/.run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
STARTED_DIR="$RUN_DIR/started"   # one marker per backing service these scripts started (and so may stop)

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
DB_NAME="${SUITE_DB_NAME:-insight}"
DB_USER="${DB_USER:-insight}"
DB_PASSWORD="${DB_PASSWORD:-insight}"
REDIS_PORT="${REDIS_PORT:-6379}"
S3_PORT="${S3_PORT:-9000}"
S3_BUCKET="${S3_BUCKET:-insight-files}"
S3_ACCESS_KEY="${S3_ACCESS_KEY:-insight}"
S3_SECRET_KEY="${S3_SECRET_KEY:-insight-secret}"
S3_REGION="${S3_REGION:-us-east-1}"
S3PROXY_VERSION="${S3PROXY_VERSION:-4.1.0}"

say()  { printf '\033[1;34m[suite]\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m[suite]\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31m[suite] %s\033[0m\n' "$*" >&2; exit 1; }

mkdirs() { mkdir -p "$LOG_DIR" "$PID_DIR" "$STARTED_DIR" "$RUN_DIR/bin" "$RUN_DIR/keys"; }

# .run/ outlives a reboot; what it records about processes must not: a marker holds the boot it was made in, and a
# pid counts only while it still runs the command it was recorded for (after a reboot the number may be another's)
BOOT_ID=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)
# mark_started NAME: these scripts started the backing service NAME in this boot (and so may stop it)
mark_started() { echo "$BOOT_ID" >"$STARTED_DIR/$1"; }
# started_here MARKER-FILE: it was made in this boot (an empty one, as earlier versions of these scripts made them,
# counts as this boot's: what it names is stopped as before)
started_here() {
  [[ -f "$1" ]] || return 1
  local boot
  boot=$(cat "$1" 2>/dev/null)
  [[ -z "$boot" || "$boot" == "$BOOT_ID" ]]
}
# pid_running PIDFILE WORD: the pid recorded there is alive and its command line holds WORD
pid_running() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# port_open HOST PORT: true when something accepts TCP connections there
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second until it succeeds
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local i
  for ((i = 0; i < seconds; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

# as_root CMD...: runs CMD as root (directly, or through sudo), or explains what to run
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else die "need root to run: $* — run it yourself (or with sudo), then re-run this script"
  fi
}

APT_UPDATED=""
# apt_install PACKAGE...: installs Debian/Ubuntu packages that are missing
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* with your package manager, then re-run"
  if [[ -z "$APT_UPDATED" ]]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed (network? proxy?)"
    APT_UPDATED=1
  fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

ensure_tools() {
  local missing=()
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless)"
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}" ca-certificates
  local version
  version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ "${version%%.*}" -ge 17 ]] 2>/dev/null || die "Java $version found; the suite needs Java 17 or newer"
}

# ---------------------------------------------------------------- PostgreSQL
pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

# psql_admin ARGS...: psql as a superuser, whichever way this machine allows it: PG_ADMIN_URL when given, trust
# over TCP (-w: never a password prompt, which would stop an unattended run), then peer authentication as the
# postgres user, as root or through password-less sudo
psql_admin() {
  if [[ -n "${PG_ADMIN_URL:-}" ]]; then
    psql -w "$PG_ADMIN_URL" -v ON_ERROR_STOP=1 -tAq "$@"
  elif psql -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAqc 'select 1' >/dev/null 2>&1 </dev/null; then
    psql -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  elif [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -tAq "$@")
  elif id postgres >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n -u postgres true 2>/dev/null; then
    (cd / && sudo -n -u postgres psql -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -tAq "$@")
  else
    die "cannot reach PostgreSQL as a superuser to create the '$DB_USER' role: set PG_ADMIN_URL=postgresql://admin:pw@$PG_HOST:$PG_PORT/postgres"
  fi
}

ensure_postgres() {
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  if port_open "$PG_HOST" "$PG_PORT"; then
    say "PostgreSQL: reusing the server on $PG_HOST:$PG_PORT"
  else
    local version
    version=$(pg_cluster_version)
    if [[ -z "$version" ]]; then
      apt_install postgresql
      version=$(pg_cluster_version)
      [[ -n "$version" ]] || die "postgresql installed but no cluster under /etc/postgresql (create one with pg_createcluster)"
    fi
    if ! port_open "$PG_HOST" "$PG_PORT"; then
      say "PostgreSQL: starting cluster $version/main"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start \
        || die "could not start PostgreSQL $version/main (see /var/log/postgresql/)"
      mark_started "postgresql-$version"
    fi
    wait_for 30 "PostgreSQL" port_open "$PG_HOST" "$PG_PORT" || die "PostgreSQL did not open $PG_HOST:$PG_PORT within 30 s"
  fi
}

# ensure_database NAME [recreate]: the suite's role and a database it owns (dropped first when asked)
ensure_database() {
  local name="$1" recreate="${2:-}"
  psql_admin <<SQL >/dev/null || die "could not create role '$DB_USER' / database '$name'"
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$DB_USER') then
    create role "$DB_USER" login password '$DB_PASSWORD';
  end if;
end \$\$;
SQL
  if [[ -n "$recreate" ]]; then
    psql_admin -c "drop database if exists \"$name\" with (force)" >/dev/null || die "could not drop database '$name'"
  fi
  if [[ -z $(psql_admin -c "select 1 from pg_database where datname = '$name'") ]]; then
    psql_admin -c "create database \"$name\" owner \"$DB_USER\"" >/dev/null || die "could not create database '$name'"
  fi
  PGPASSWORD="$DB_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d "$name" -tAqc 'select 1' >/dev/null 2>&1 </dev/null \
    || die "role '$DB_USER' cannot log in with its password over TCP to $PG_HOST:$PG_PORT/$name: allow it in pg_hba.conf (host $name $DB_USER 127.0.0.1/32 scram-sha-256) and reload PostgreSQL"
}

# ---------------------------------------------------------------- Redis

ensure_redis() {
  if port_open 127.0.0.1 "$REDIS_PORT"; then
    say "Redis: reusing the server on 127.0.0.1:$REDIS_PORT"
    return
  fi
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  # the package may have started its own instance
  if ! port_open 127.0.0.1 "$REDIS_PORT"; then
    say "Redis: starting on 127.0.0.1:$REDIS_PORT (no persistence: it is a cache and a session store for dev)"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --pidfile "$PID_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" --dir "$RUN_DIR" \
      || die "could not start redis-server (see $LOG_DIR/redis.log)"
    mark_started redis
  fi
  wait_for 15 "Redis" port_open 127.0.0.1 "$REDIS_PORT" || die "Redis did not open 127.0.0.1:$REDIS_PORT within 15 s"
}

# ---------------------------------------------------------------- S3 (S3Proxy, filesystem backend)
s3proxy_jar() { echo "$RUN_DIR/bin/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"; }

ensure_s3() {
  if [[ -n "${S3_ENDPOINT:-}" ]]; then
    say "S3: using $S3_ENDPOINT"
    return
  fi
  S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  local pidfile="$PID_DIR/s3proxy.pid"
  if pid_running "$pidfile" s3proxy; then
    say "S3: S3Proxy already running on $S3_ENDPOINT"
    return
  fi
  port_open 127.0.0.1 "$S3_PORT" && die "port $S3_PORT is taken by something else: set S3_PORT, or S3_ENDPOINT to use that S3 server"
  local jar
  jar=$(s3proxy_jar)
  if [[ ! -s "$jar" ]]; then
    say "S3: fetching S3Proxy $S3PROXY_VERSION from Maven Central"
    curl -fsSL --retry 3 -o "$jar.part" \
      "https://repo.maven.apache.org/maven2/org/gaul/s3proxy/$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar" \
      || die "could not download S3Proxy (is Maven Central reachable?)"
    mv "$jar.part" "$jar"
  fi
  mkdir -p "$RUN_DIR/s3"
  cat > "$RUN_DIR/s3proxy.properties" <<PROPS
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$RUN_DIR/s3
jclouds.identity=$S3_ACCESS_KEY
jclouds.credential=$S3_SECRET_KEY
PROPS
  say "S3: starting S3Proxy on $S3_ENDPOINT (data in $RUN_DIR/s3)"
  nohup java -Xmx256m -jar "$jar" --properties "$RUN_DIR/s3proxy.properties" >"$LOG_DIR/s3proxy.log" 2>&1 &
  echo $! >"$pidfile"
  wait_for 30 "S3Proxy" port_open 127.0.0.1 "$S3_PORT" \
    || { tail -20 "$LOG_DIR/s3proxy.log" >&2; die "S3Proxy did not start (log: $LOG_DIR/s3proxy.log)"; }
}

# ---------------------------------------------------------------- JWT key pair (dev only, never committed)
ensure_keys() {
  local private="$RUN_DIR/keys/jwt-private.pem" public="$RUN_DIR/keys/jwt-public.pem"
  if [[ ! -s "$private" || ! -s "$public" ]]; then
    say "generating a dev JWT key pair in $RUN_DIR/keys"
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private" 2>/dev/null) \
      || die "openssl could not generate the JWT key pair"
    openssl pkey -in "$private" -pubout -out "$public" || die "openssl could not derive the public key"
  fi
  JWT_PRIVATE_KEY="$private"
  JWT_PUBLIC_KEY="$public"
}

# ---------------------------------------------------------------- Node.js (console unit tests, deployment checks, e2e)
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  ((major >= 18)) || die "Node.js $(node --version 2>/dev/null) found; the tests need 18 or newer (20 for the browser test)"
}
