#!/usr/bin/env bash
# Wall time and peak RSS of first-run backfills of 1, 5 and 10 years of generated history, each a real
# `java -jar target/oura-hrv-sync.jar sync` against the stand-in Oura (dev.ourahrvsync.bench.StandInMain, test scope).
#
# Builds nothing. Needs, from the repository root:
#   mvn -B -q package -DskipTests                      # target/oura-hrv-sync.jar, target/classes, target/test-classes
#   mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
# then:
#   bash bench/backfill.sh                             # 1, 5 and 10 years
#   bash bench/backfill.sh 2 20                        # other lengths, in years
#   BENCH_JVM_OPTS=-Xmx32m bash bench/backfill.sh      # options for the sync's JVM (default: none, as a user runs it)
# The stand-in itself runs as:
#   java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
#       dev.ourahrvsync.bench.StandInMain YEARS TOKEN_FILE [PAGE_SIZE [SEED]]
# Settings: window 30 days (sync.window-days), 50 documents per page (BENCH_PAGE_SIZE), zone Europe/Berlin.
# Peak RSS comes from /usr/bin/time -v where it exists, else from VmHWM in /proc/<pid>/status, read every 0.1 s.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=target/oura-hrv-sync.jar
CLASSPATH_FILE=target/test-classpath.txt
for needed in "$JAR" target/classes target/test-classes/dev/ourahrvsync/bench/StandInMain.class "$CLASSPATH_FILE"; do
    if [[ ! -e "$needed" ]]; then
        echo "backfill.sh: $needed is missing; see the commands at the top of this script" >&2
        exit 2
    fi
done
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PAGE_SIZE=${BENCH_PAGE_SIZE:-50}
WINDOW_DAYS=30
read -r -a JVM_OPTS <<<"${BENCH_JVM_OPTS:-}"
YEARS=("$@")
if [[ ${#YEARS[@]} -eq 0 ]]; then
    YEARS=(1 5 10)
fi

WORK=$(mktemp -d -t oura-hrv-sync-bench.XXXXXX)
STAND_IN_PID=
cleanup() {
    if [[ -n "$STAND_IN_PID" ]] && kill -0 "$STAND_IN_PID" 2>/dev/null; then
        kill "$STAND_IN_PID" 2>/dev/null || true
        wait "$STAND_IN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# start_stand_in YEARS DIR: starts the stand-in, waits (at most 60 s) until it prints "ready"
start_stand_in() {
    local years=$1 dir=$2
    "$JAVA" -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
        dev.ourahrvsync.bench.StandInMain "$years" "$dir/config/tokens.json" "$PAGE_SIZE" \
        >"$dir/stand-in.out" 2>"$dir/stand-in.err" </dev/null &
    STAND_IN_PID=$!
    local deadline=$((SECONDS + 60))
    until grep -qx ready "$dir/stand-in.out" 2>/dev/null; do
        if ! kill -0 "$STAND_IN_PID" 2>/dev/null || ((SECONDS > deadline)); then
            echo "backfill.sh: the stand-in did not start:" >&2
            cat "$dir/stand-in.err" >&2
            exit 1
        fi
        sleep 0.1
    done
}

stop_stand_in() {
    kill "$STAND_IN_PID" 2>/dev/null || true
    wait "$STAND_IN_PID" 2>/dev/null || true
    STAND_IN_PID=
}

value() { sed -n "s/^$1=//p" "$2"; }

# run_sync DIR ARGS...: runs the sync; sets EXIT, WALL_S and PEAK_KB
run_sync() {
    local dir=$1
    shift
    if [[ -x /usr/bin/time ]]; then
        set +e
        OURA_CLIENT_SECRET=bench-secret /usr/bin/time -v -o "$dir/time.txt" "$@" >"$dir/sync.out" 2>"$dir/sync.err" </dev/null
        EXIT=$?
        set -e
        WALL_S=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/time.txt")
        PEAK_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
    else
        local start end pid hwm
        start=$(date +%s%N)
        OURA_CLIENT_SECRET=bench-secret "$@" >"$dir/sync.out" 2>"$dir/sync.err" </dev/null &
        pid=$!
        PEAK_KB=0
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
            if [[ -n "$hwm" ]] && ((hwm > PEAK_KB)); then PEAK_KB=$hwm; fi
            sleep 0.1
        done
        set +e
        wait "$pid"
        EXIT=$?
        set -e
        end=$(date +%s%N)
        WALL_S=$(awk -v ns=$((end - start)) 'BEGIN {printf "%.2f", ns / 1e9}')
    fi
}

printf 'JVM options: %s; window %d days, %d documents per page; %s\n' "${BENCH_JVM_OPTS:-(none)}" "$WINDOW_DAYS" \
    "$PAGE_SIZE" "$("$JAVA" -version 2>&1 | head -1)"
printf '%5s %6s %9s %8s %8s %13s %5s  %s\n' years days documents wall_s peak_MB "hrv files" exit summary
for years in "${YEARS[@]}"; do
    dir="$WORK/$years-years"
    mkdir -p "$dir"
    start_stand_in "$years" "$dir"
    url=$(value base-url "$dir/stand-in.out")
    run_sync "$dir" "$JAVA" "${JVM_OPTS[@]}" -Djava.awt.headless=true \
        "-Doura.token-file=$dir/config/tokens.json" "-Doura.api-url=$url" "-Doura.token-url=$url/oauth/token" \
        -Doura.client-id=bench-client "-Dsync.data-dir=$dir/data" \
        "-Dsync.start-date=$(value start-date "$dir/stand-in.out")" "-Dsync.window-days=$WINDOW_DAYS" \
        -Dsync.zone=Europe/Berlin -jar "$JAR" sync
    stop_stand_in
    written=$(find "$dir/data" -name '*_sleep-hrv.json' ! -name '.*' 2>/dev/null | wc -l)
    summary=$(tail -1 "$dir/sync.out" 2>/dev/null)
    if [[ $EXIT -ne 0 ]]; then
        summary=$(tail -1 "$dir/sync.err")
    fi
    printf '%5s %6s %9s %8s %8s %13s %5s  %s\n' "$years" "$(value days "$dir/stand-in.out")" \
        "$(value documents "$dir/stand-in.out")" "$WALL_S" "$((PEAK_KB / 1024))" \
        "$written/$(value hrv-days "$dir/stand-in.out")" "$EXIT" "$(sed -e "s/^oura-hrv-sync: //" -e "s/, files in .*//" <<<"$summary")"
    rm -rf "$dir"
done
