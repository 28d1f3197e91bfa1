#!/usr/bin/env bash
# Development server: migrate, load the demo data, start the task worker and the
# periodic scheduler in the background, and serve on http://127.0.0.1:$PORT.
#
# Ctrl-C, or SIGTERM to this script or to `make run`, stops everything it started:
# each background process runs in its own process group, which the exit trap ends.
# E-mails go to files under var/mail/ and the worker's and scheduler's output to
# var/log/; the URL and the demo logins are printed last. The development settings
# are also written to var/development.env, which manage.py reads in a new shell.
#
# For the tests of this script: BIAFED_SKIP_INSTALL=true skips uv sync and the browser
# assets (when they are already installed), BIAFED_MANAGE replaces .venv/bin/biafed-manage.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${PORT:-8000}"
UV=.tools/bin/uv
MANAGE="${BIAFED_MANAGE:-.venv/bin/biafed-manage}"
DATA_DIR="${BIAFED_DATA_DIR:-var}"
LOG_DIR="$DATA_DIR/log"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

case "$PORT" in
    '' | *[!0-9]*) die "PORT=$PORT is not a port number." ;;
esac

# --- stop what we started, however we leave ----------------------------------------
groups=()  # process-group ids of the background processes (each is its group's leader)
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "${#groups[@]}" -gt 0 ]; then
        say "stopping the server, worker and scheduler"
        local group
        for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
        for _ in $(seq 1 50); do
            local alive=0
            for group in "${groups[@]}"; do
                if kill -0 -- "-$group" 2>/dev/null; then alive=1; fi
            done
            [ "$alive" -eq 0 ] && break
            sleep 0.2
        done
        for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
        wait 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start "$@" in the background in a process group of its own (setsid), so that the
# trap can end it with everything it spawned. Output goes to $1 unless it is "-".
start() {
    local log="$1"
    shift
    if [ "$log" = - ]; then
        setsid "$@" </dev/null &
    else
        setsid "$@" </dev/null >>"$log" 2>&1 &
    fi
    groups+=("$!")
}

# Run one set-up step in the foreground, yet so that a signal stops it at once.
step() {
    start - "$@"
    local status=0
    wait "${groups[-1]}" || status=$?
    unset 'groups[-1]'
    return "$status"
}

# --- (a) uv, (b) the project virtualenv (without the test tools) -------------------------
if [ "${BIAFED_SKIP_INSTALL:-false}" != true ]; then
    if [ ! -x "$UV" ]; then
        say "installing uv into .tools"
        python3 -m venv .tools || die "python3 -m venv failed (on Debian: apt-get install python3-venv)."
        .tools/bin/pip install -q uv
    fi
    # --inexact keeps the test tools when `make test` installed them.
    say "uv sync --frozen --no-dev"
    "$UV" sync --frozen --no-dev --inexact

    # --- browser assets (npm ci + the uploader bundle; fast when already done) -----------
    bash scripts/assets.sh
fi

# --- development settings, also for manage.py in a new shell ---------------------------
export DEBUG=true
export PYTHONUNBUFFERED=1
# Links in e-mails point at this server unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
export TASK_QUEUE="${TASK_QUEUE:-database}"
export EMAIL_DELIVERY="${EMAIL_DELIVERY:-file}"
mkdir -p "$DATA_DIR" "$LOG_DIR"
cat >"$DATA_DIR/development.env" <<EOF
# Written by \`make run\` (scripts/run.sh). manage.py (src/manage.py, .venv/bin/biafed-manage)
# reads it when SECRET_KEY is not set, so that its commands work in a new shell with the
# settings of the development server; variables already set in the environment win.
# Never copy it to a production machine.
DEBUG=true
SITE_URL=$SITE_URL
TASK_QUEUE=$TASK_QUEUE
EMAIL_DELIVERY=$EMAIL_DELIVERY
EOF

# Fail early (before the slow steps) if something already listens on the port,
# e.g. another `make run`.
if ! .venv/bin/python - "$PORT" <<'EOF'; then
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError as exc:
    sys.exit(f"port {sys.argv[1]} on 127.0.0.1 is not free ({exc}).")
finally:
    s.close()
EOF
    die "stop whatever uses it, or choose another port: make run PORT=8001"
fi

# --- (c) database, (d) demo data ---------------------------------------------------
say "migrating the database"
step "$MANAGE" migrate --noinput

say "importing the shipped catalogue (manage.py import_catalogue: keeps what coordinators edited)"
step "$MANAGE" import_catalogue

say "loading the demo data (manage.py load_demo)"
step "$MANAGE" load_demo || die "manage.py load_demo failed (see above); the server was not started."

# --- (f) background processes --------------------------------------------------------
case "$TASK_QUEUE" in
    database)
        say "starting the task worker (manage.py db_worker), output in $LOG_DIR/worker.log"
        start "$LOG_DIR/worker.log" "$MANAGE" db_worker --no-reload
        ;;
    redis)
        say "starting the task worker (manage.py rqworker default), output in $LOG_DIR/worker.log"
        start "$LOG_DIR/worker.log" "$MANAGE" rqworker default --job-class django_tasks_rq.Job
        ;;
    immediate)
        say "TASK_QUEUE=immediate: tasks run inside the web process, no worker needed"
        ;;
esac

say "starting the periodic scheduler (manage.py run_scheduler), output in $LOG_DIR/scheduler.log"
start "$LOG_DIR/scheduler.log" "$MANAGE" run_scheduler

# --- (e) web server ----------------------------------------------------------------------
say "starting the web server"
start - "$MANAGE" runserver "127.0.0.1:${PORT}" --noreload

# Wait until the server answers (and every process is still up), then print the banner.
ready=0
for _ in $(seq 1 150); do
    for group in "${groups[@]}"; do
        kill -0 "$group" 2>/dev/null \
            || die "a background process (pid $group) stopped right away; see its output above or in $LOG_DIR/."
    done
    if .venv/bin/python -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$PORT" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.2
done
[ "$ready" -eq 1 ] || die "the web server did not answer on port $PORT within 30 seconds."

case "$EMAIL_DELIVERY" in
    file) mail="written to files in $DATA_DIR/mail/ (EMAIL_DELIVERY=file)" ;;
    console) mail="printed in $LOG_DIR/worker.log (EMAIL_DELIVERY=console)" ;;
    *) mail="EMAIL_DELIVERY=$EMAIL_DELIVERY" ;;
esac
cat <<EOF

  E-mails: $mail; each one also appears
  in the recipient's Notifications page. Worker and scheduler output: $LOG_DIR/.
  Task queue: TASK_QUEUE=${TASK_QUEUE}. Commands in another shell: .venv/bin/biafed-manage
  (it reads $DATA_DIR/development.env). Press Ctrl-C to stop everything.

  Demo logins (password for all: biafed-demo)
    coordinator@example.org
    analyst@example.org      (more analysts: analyst02@example.org ... analyst20@example.org)
    requester@example.org    (more requesters: requester2@example.org ... requester5@example.org)

  biafed is serving at http://127.0.0.1:${PORT}/

EOF

# Until Ctrl-C/SIGTERM (the traps run as soon as a signal arrives) or one process stops.
status=0
wait -n "${groups[@]}" || status=$?
die "a background process stopped (exit status $status); see the output above or in $LOG_DIR/."
