#!/usr/bin/env bash
# docs/DEPLOY.md followed on one machine: the configured PostgreSQL database (DATABASE_URL, migrated,
# the demo loaded), Redis as the broker (CELERY_BROKER_URL), two Celery workers started as the document
# starts them (two processes with names of their own, as on two machines), one media folder for all,
# then the demo's 2023 report compiled through them (manage.py compile_report --workers). Fails unless
# the run is done and both workers built parts of it. .ci/run calls it after the PostgreSQL pass.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}" "${CELERY_BROKER_URL:?CELERY_BROKER_URL must name Redis}"
PY=.venv/bin/python
mkdir -p var
work=$(mktemp -d "$PWD/var/ci-workers.XXXXXX")
export MEDIA_ROOT="$work/media" DEBUG=0

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT

$PY manage.py migrate --noinput -v 0
$PY manage.py load_demo >"$work/load_demo.log"
for n in 1 2; do
  .venv/bin/celery -A xishan_portal worker -l info --concurrency 1 -n "ci$n@%h" >"$work/worker-$n.log" 2>&1 &
  pids+=($!)
done
for n in 1 2; do
  for _ in $(seq 1 90); do
    grep -q ' ready\.' "$work/worker-$n.log" && break
    sleep 1
  done
  if ! grep -q ' ready\.' "$work/worker-$n.log"; then
    echo "worker ci$n did not start:" >&2
    tail -n 30 "$work/worker-$n.log" >&2
    exit 1
  fi
done
echo "two workers ready: ci1, ci2 (broker ${CELERY_BROKER_URL%%://*})"

$PY manage.py compile_report --year 2023 --workers --wait 300 | tee "$work/compile.log"
built_by=$(grep -oE 'ci[12]@[^ ，,]+' "$work/compile.log" | sort -u)
echo "parts built by: $(echo "$built_by" | tr '\n' ' ')"
if [ "$(echo "$built_by" | grep -c .)" -ne 2 ]; then
  echo "the report's parts were not built by both workers" >&2
  tail -n 30 "$work"/worker-*.log >&2
  exit 1
fi
rm -rf "$work"
