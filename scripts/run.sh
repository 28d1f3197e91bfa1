#!/usr/bin/env bash
# Development server: migrate, load the demo data, start the task worker and the
# periodic scheduler in the background, and serve on http://127.0.0.1:$PORT.
# Ctrl-C (or SIGTERM) stops everything this script started.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT="${PORT:-8000}"
UV=.tools/bin/uv
MANAGE=.venv/bin/biafed-manage

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

case "$PORT" in
    '' | *[!0-9]*) die "PORT=$PORT is not a port number." ;;
esac

# --- (a) uv, (b) the project virtualenv ------------------------------------------
if [ ! -x "$UV" ]; then
    say "installing uv into .tools"
    python3 -m venv .tools || die "python3 -m venv failed (on Debian: apt-get install python3-venv)."
    .tools/bin/pip install -q uv
fi
say "uv sync --frozen"
"$UV" sync --frozen

# --- browser assets (npm ci + the uploader bundle; fast when already done) ---------------
bash scripts/assets.sh

# --- development settings ----------------------------------------------------------
export DEBUG=true
export PYTHONUNBUFFERED=1
# Links in e-mails point at this server unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
TASK_QUEUE="${TASK_QUEUE:-database}"
export TASK_QUEUE

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
"$MANAGE" migrate --noinput

say "loading the demo data (manage.py load_demo)"
"$MANAGE" load_demo || die "manage.py load_demo failed (see above); the server was not started."

# --- (f) background processes --------------------------------------------------------
pids=()
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "${#pids[@]}" -gt 0 ]; then
        say "stopping background processes (${pids[*]})"
        kill -TERM "${pids[@]}" 2>/dev/null || true
        for _ in $(seq 1 50); do
            local alive=0 pid
            for pid in "${pids[@]}"; do
                if kill -0 "$pid" 2>/dev/null; then alive=1; fi
            done
            [ "$alive" -eq 0 ] && break
            sleep 0.2
        done
        kill -KILL "${pids[@]}" 2>/dev/null || true
        wait 2>/dev/null || true
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case "$TASK_QUEUE" in
    database)
        say "starting the task worker (manage.py db_worker)"
        "$MANAGE" db_worker --no-reload &
        pids+=("$!")
        ;;
    redis)
        say "starting the task worker (manage.py rqworker default)"
        "$MANAGE" rqworker default --job-class django_tasks_rq.Job &
        pids+=("$!")
        ;;
    immediate)
        say "TASK_QUEUE=immediate: tasks run inside the web process, no worker needed"
        ;;
esac

say "starting the periodic scheduler (manage.py run_scheduler)"
"$MANAGE" run_scheduler &
pids+=("$!")

sleep 2
for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || die "a background process (pid $pid) stopped right away; see its output above."
done

# --- (e)+(f) web server in the foreground ---------------------------------------------
cat <<EOF

  biafed is serving at http://127.0.0.1:${PORT}/

  Demo logins (password for all: biafed-demo)
    coordinator@example.org
    analyst@example.org      (more analysts: analyst02@example.org ... analyst20@example.org)
    requester@example.org    (more requesters: requester2@example.org ... requester5@example.org)

  E-mail delivery: EMAIL_DELIVERY=${EMAIL_DELIVERY:-console} (console: printed on this terminal).
  Task queue: TASK_QUEUE=${TASK_QUEUE}. Press Ctrl-C to stop.

EOF
say "serving on http://127.0.0.1:${PORT}/"
"$MANAGE" runserver "127.0.0.1:${PORT}" --noreload
