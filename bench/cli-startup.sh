#!/usr/bin/env bash
# Start-up cost of the commands that need no Camel: median wall and CPU (user + sys) seconds over N runs of
#   java -jar target/oura-hrv-sync.jar --help | --version | status | export ...
# against the built jar, from an empty scratch folder with its own data folder and token store (never yours).
#
# Builds nothing. Needs, from the repository root:
#   mvn -B -q package -DskipTests                      # target/oura-hrv-sync.jar
# then:
#   bash bench/cli-startup.sh                          # 10 runs of each command
#   bash bench/cli-startup.sh 20                       # 20 runs of each
#   BENCH_COMMANDS="status sync" bash bench/cli-startup.sh 5   # other commands (sync: exit 3, no tokens)
#   BENCH_JVM_OPTS=-Xshare:off bash bench/cli-startup.sh       # options for the measured JVM (default: none)
# Figures depend on the machine and on what else runs on it: read the load average printed first.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=$PWD/target/oura-hrv-sync.jar
if [[ ! -f "$JAR" ]]; then
    echo "cli-startup.sh: $JAR is missing; build it with: mvn -B -q package -DskipTests" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "cli-startup.sh: needs /usr/bin/time (GNU time)" >&2
    exit 2
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
RUNS=${1:-10}
COMMANDS=${BENCH_COMMANDS:-"--help --version status export"}

SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
# a folder without application.properties, and a user home of its own: the jar's defaults, nothing of yours.
# A token store and a sync state as after a first sync, so that 'status' reads both as it does for a user
mkdir -p "$SCRATCH/work/data" "$SCRATCH/home"
cat >"$SCRATCH/tokens.json" <<'JSON'
{"access_token": "bench-access", "refresh_token": "bench-refresh", "expires_at": "2099-01-01T00:00:00Z",
 "scope": "personal daily heartrate", "obtained_at": "2025-01-01T00:00:00Z"}
JSON
cat >"$SCRATCH/work/data/sync-state.json" <<'JSON'
{"last_synced_day": "2025-01-01", "last_success": "2025-01-02T07:00:00Z", "hrv_mode": "samples"}
JSON
JVM=(-Duser.home="$SCRATCH/home" -Dsync.data-dir="$SCRATCH/work/data" -Doura.token-file="$SCRATCH/tokens.json")

arguments() {
    case "$1" in
        export) echo "export --format csv --out $SCRATCH/export.csv" ;;
        *) echo "$1" ;;
    esac
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime), $(nproc) cores, $RUNS runs each"
printf '%-12s %6s %10s %10s %10s\n' command exit "wall (s)" "cpu (s)" "max wall"
for command in $COMMANDS; do
    walls=()
    cpus=()
    status=0
    for ((i = 0; i < RUNS; i++)); do
        # shellcheck disable=SC2046 # the arguments are words on purpose
        (cd "$SCRATCH/work" && /usr/bin/time -f '%e %U %S' -o "$SCRATCH/time" \
            "$JAVA" ${BENCH_JVM_OPTS:-} "${JVM[@]}" -jar "$JAR" $(arguments "$command") >/dev/null 2>"$SCRATCH/err") \
            || status=$?
        read -r wall user sys < <(tail -n 1 "$SCRATCH/time")
        walls+=("$wall")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
    done
    printf '%-12s %6s %10s %10s %10s\n' "$command" "$status" \
        "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
        "$(printf '%s\n' "${walls[@]}" | sort -n | tail -n 1)"
done
