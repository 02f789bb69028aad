#!/usr/bin/env bash
# Exit status and peak RSS of one `sync` whose sleep page is MB megabytes (the first recorded document again and
# again, chunked), to see what a page costs in memory and where oura.max-response-bytes stops it.
#
# Builds nothing. Needs target/oura-hrv-sync.jar (mvn -B -q package -DskipTests) and python3. From the repository root:
#   bash bench/page-memory.sh 100                 # a 100 MB page, the JVM's default heap
#   bash bench/page-memory.sh 8 -Xmx64m           # a page at the default cap in a 64 MB heap
# Measured on a 2-core machine (Dec 2026):
#   100 MB page, default heap: exit 4 at the 8 MB cap, peak RSS 177 MB (1.8 GB before there was a cap)
#   7 MB page (just under the cap): -Xmx64m exit 0 (173 MB RSS), -Xmx48m exit 1 (Java heap space)
#   15 MB page: -Xmx64m exit 1, -Xmx128m exit 0 (241 MB RSS); 4 MB page -Xmx32m exit 1
#   A page takes some 8 times its size in heap: the default cap is chosen to fit -Xmx64m.
set -euo pipefail

cd "$(dirname "$0")/.."
MB=${1:?usage: bash bench/page-memory.sh MB [JVM_OPTIONS...]}
shift
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WORK=$(mktemp -d -t oura-hrv-sync-page.XXXXXX)
SERVER_PID=
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

python3 - "$WORK/doc.json" <<'PY'
import json, sys
documents = json.load(open('src/test/resources/oura/sleep-recorded-2024-10.json'))['data']
open(sys.argv[1], 'w').write(json.dumps(documents[0], separators=(',', ':')))
PY
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 bench/page-server.py "$PORT" "$MB" "$WORK/doc.json" &
SERVER_PID=$!
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do sleep 0.1; done

set +e
OURA_CLIENT_SECRET=bench-secret OURA_REFRESH_TOKEN=bench-seed "$JAVA" "$@" \
    -Doura.api-url="http://127.0.0.1:$PORT" -Doura.token-url="http://127.0.0.1:$PORT/oauth/token" \
    -Doura.client-id=bench -Doura.token-file="$WORK/config/tokens.json" -Dsync.data-dir="$WORK/data" \
    -jar target/oura-hrv-sync.jar sync --from 2024-10-10 --to 2024-10-12 >"$WORK/sync.out" 2>"$WORK/sync.err" </dev/null &
SYNC_PID=$!
PEAK_KB=0
while kill -0 "$SYNC_PID" 2>/dev/null; do
    KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$SYNC_PID/status" 2>/dev/null || true)
    if [[ -n "$KB" && "$KB" -gt "$PEAK_KB" ]]; then PEAK_KB=$KB; fi
    sleep 0.05
done
wait "$SYNC_PID"
EXIT=$?
set -e
echo "page ${MB} MB, JVM options [$*]: exit $EXIT, peak RSS $((PEAK_KB / 1024)) MB"
tail -n 1 "$WORK/sync.err" "$WORK/sync.out" 2>/dev/null | grep -v '^==>' | grep -v '^$' || true
