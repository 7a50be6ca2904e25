#!/usr/bin/env bash
# Services the courier-pii/stores tests need: a throw-away PostgreSQL server and a SoftHSM2 token.
#
#   bash .ci/services.sh start   # install when missing, start, write .tmp/services.env
#   bash .ci/services.sh stop    # stop the server, delete the temporary directory
#   bash .ci/services.sh status
#
# `start` writes shell assignments to .tmp/services.env (source it, or let the test helper
# test/stores/global-setup.ts read it):
#   COURIER_PII_PG_URL           postgres://postgres@127.0.0.1:<port>/courier_pii_test
#   SOFTHSM2_CONF                the token configuration (temporary token directory)
#   COURIER_PII_PKCS11_LIB       /usr/lib/softhsm/libsofthsm2.so (or where the package put it)
#   COURIER_PII_PKCS11_TOKEN     token label
#   COURIER_PII_PKCS11_PIN       user PIN
# A developer with their own servers sets these variables instead and never runs this script.
# PostgreSQL runs as a non-root user (the `postgres` system user when started as root), on
# 127.0.0.1 only, with trust authentication: it is a test server, never a deployment.
set -u -o pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
STATE=.tmp/services.state
ENVFILE=.tmp/services.env
TOKEN_LABEL=courier-pii-test
USER_PIN=1234
SO_PIN=5678
DB=courier_pii_test

log() { echo "services: $*" >&2; }

apt_updated=0
need_pkg() { # need_pkg <command-or-file> <package>
  local probe=$1 pkg=$2
  if [ -e "${probe}" ] || command -v "${probe}" >/dev/null 2>&1; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing ${pkg} and no apt-get here; install it or set COURIER_PII_PG_URL / COURIER_PII_PKCS11_LIB"
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  if [ "${apt_updated}" -eq 0 ]; then
    log "apt-get update"
    ${sudo} apt-get update -qq >&2 || return 1
    apt_updated=1
  fi
  log "apt-get install ${pkg}"
  DEBIAN_FRONTEND=noninteractive ${sudo} apt-get install -y -qq --no-install-recommends "${pkg}" >&2
}

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "${d}/pg_ctl" ] && { echo "${d}"; return 0; }
  done
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
  return 1
}

softhsm_lib() {
  local f
  for f in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
    /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
    [ -f "${f}" ] && { echo "${f}"; return 0; }
  done
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if [ -f "${STATE}" ]; then
    # shellcheck disable=SC1090
    . "${STATE}"
    if [ -n "${SERVICES_DIR:-}" ] && [ -d "${SERVICES_DIR}" ] && as_pg "${PG_BIN}/pg_ctl" -D "${SERVICES_DIR}/pg" status >/dev/null 2>&1; then
      log "already running (${SERVICES_DIR}); ${ENVFILE} is current"
      return 0
    fi
    # A stale state file (the server died): clear its leftovers before starting afresh.
    case "${SERVICES_DIR:-}" in
    */courier-pii-services.*) rm -rf "${SERVICES_DIR}" ;;
    esac
    rm -f "${STATE}" "${ENVFILE}"
  fi
  pg_bindir >/dev/null || need_pkg /usr/lib/postgresql postgresql || return 1
  need_pkg softhsm2-util softhsm2 || return 1
  PG_BIN=$(pg_bindir) || { log "PostgreSQL binaries not found after install"; return 1; }
  LIB=$(softhsm_lib) || { log "libsofthsm2.so not found after install"; return 1; }

  SERVICES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/courier-pii-services.XXXXXX")
  chmod 755 "${SERVICES_DIR}"
  PG_USER=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    PG_USER=postgres
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "${SERVICES_DIR}" --shell /usr/sbin/nologin postgres
  fi
  mkdir -p "${SERVICES_DIR}/pg" "${SERVICES_DIR}/sock"
  [ "$(id -u)" -eq 0 ] && chown -R "${PG_USER}" "${SERVICES_DIR}/pg" "${SERVICES_DIR}/sock"
  PORT=$(free_port)
  printf 'SERVICES_DIR=%q\nPG_BIN=%q\nPG_USER=%q\n' "${SERVICES_DIR}" "${PG_BIN}" "${PG_USER}" >"${STATE}"

  log "initdb in ${SERVICES_DIR}/pg"
  as_pg "${PG_BIN}/initdb" -D "${SERVICES_DIR}/pg" -U postgres -A trust -E UTF8 --no-locale >"${SERVICES_DIR}/initdb.log" 2>&1 ||
    { cat "${SERVICES_DIR}/initdb.log" >&2; return 1; }
  cat >>"${SERVICES_DIR}/pg/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = ${PORT}
unix_socket_directories = '${SERVICES_DIR}/sock'
max_connections = 200
shared_buffers = 64MB
fsync = on
synchronous_commit = on
EOF
  log "starting PostgreSQL on 127.0.0.1:${PORT}"
  as_pg "${PG_BIN}/pg_ctl" -D "${SERVICES_DIR}/pg" -l "${SERVICES_DIR}/sock/pg.log" -w -t 60 start >&2 ||
    { cat "${SERVICES_DIR}/sock/pg.log" >&2; return 1; }
  as_pg "${PG_BIN}/createdb" -h 127.0.0.1 -p "${PORT}" -U postgres "${DB}" || return 1

  log "initializing SoftHSM2 token '${TOKEN_LABEL}'"
  mkdir -p "${SERVICES_DIR}/tokens"
  cat >"${SERVICES_DIR}/softhsm2.conf" <<EOF
directories.tokendir = ${SERVICES_DIR}/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
EOF
  SOFTHSM2_CONF="${SERVICES_DIR}/softhsm2.conf" softhsm2-util --init-token --free --label "${TOKEN_LABEL}" \
    --pin "${USER_PIN}" --so-pin "${SO_PIN}" >&2 || return 1

  cat >"${ENVFILE}" <<EOF
export COURIER_PII_PG_URL=postgres://postgres@127.0.0.1:${PORT}/${DB}
export SOFTHSM2_CONF=${SERVICES_DIR}/softhsm2.conf
export COURIER_PII_PKCS11_LIB=${LIB}
export COURIER_PII_PKCS11_TOKEN=${TOKEN_LABEL}
export COURIER_PII_PKCS11_PIN=${USER_PIN}
EOF
  log "ready; settings in ${ENVFILE}"
  cat "${ENVFILE}"
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    # runuser keeps this non-interactive; postgres refuses to run as root.
    runuser -u "${PG_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ ! -f "${STATE}" ]; then
    log "nothing to stop"
    rm -f "${ENVFILE}"
    return 0
  fi
  # shellcheck disable=SC1090
  . "${STATE}"
  if [ -d "${SERVICES_DIR}/pg" ]; then
    as_pg "${PG_BIN}/pg_ctl" -D "${SERVICES_DIR}/pg" -m fast -w -t 60 stop >&2 || log "pg_ctl stop failed"
  fi
  case "${SERVICES_DIR}" in
  */courier-pii-services.*) rm -rf "${SERVICES_DIR}" ;;
  esac
  rm -f "${STATE}" "${ENVFILE}"
  log "stopped"
}

status() {
  [ -f "${STATE}" ] || { echo "stopped"; return 1; }
  # shellcheck disable=SC1090
  . "${STATE}"
  as_pg "${PG_BIN}/pg_ctl" -D "${SERVICES_DIR}/pg" status
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
  echo "usage: $0 start|stop|status" >&2
  exit 2
  ;;
esac
