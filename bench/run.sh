#!/usr/bin/env bash
# Every benchmark in bench/ in turn, against the PostgreSQL that DATABASE_URL names
# (`make bench` runs this under bench/with-postgres.sh). Each one's output goes to the
# terminal and into bench/RESULTS.md, under the date and the machine, which replaces the
# last run's. A benchmark that misses its target does not stop the others; the script
# fails at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
results=bench/RESULTS.md
draft=$(mktemp)
trap 'rm -f "$draft"' EXIT

postgres=$("$python" -c '
import os, psycopg2
with psycopg2.connect(os.environ["DATABASE_URL"], dbname="postgres") as connection:
    cursor = connection.cursor()
    cursor.execute("SHOW server_version")
    print(cursor.fetchone()[0].split()[0])
')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
{
    echo "# Benchmark results"
    echo
    echo "Written by \`make bench\` (bench/run.sh); the next run replaces them. Timings on a"
    echo "shared machine vary from run to run (by 20 to 30 % here); ratios vary less."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -sr)"
    echo "- $("$python" --version), PostgreSQL $postgres, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} >"$draft"

status=0
for module in bench/[a-z]*.py; do
    printf '\n## %s\n\n```\n' "$module" >>"$draft"
    "$python" "$module" 2>&1 | tee -a "$draft"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    printf '```\n' >>"$draft"
done
cp "$draft" "$results"
echo "Figures written to $results"
exit $status
