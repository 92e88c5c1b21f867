#!/bin/bash
# Usage: bench/store_large.sh FILE [XMX]
#   Sends one (large, e.g. 2 GB multi-frame) Part 10 FILE with DCMTK storescu to the storage-only gateway
#   (StoreServerMain, embedded H2) started here with -Xmx$XMX (default 256m); prints the time, MB/s, the
#   gateway's peak heap, and checks that the archived data set is byte-identical to the file's.
#   A 2 GB file: /usr/bin/python3 ../shared/bench/gen_data.py /tmp/big --large 1 --frames 16400 --only large
set -u
[ $# -ge 1 ] || { sed -n '2,6p' "$0"; exit 2; }
FILE=$1; XMX=${2:-256m}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/store-large.XXXXXX)
trap '[ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -B -q -o -pl storescp -am test-compile dependency:build-classpath \
   -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
CP="$ROOT/storescp/target/test-classes:$ROOT/storescp/target/classes:$ROOT/gateway-core/target/classes"
CP="$CP:$ROOT/gateway-core/target/test-classes:$ROOT/config/target/classes:$(cat "$WORK/cp.txt")"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
P=$(free_port); A=$(free_port)
java -Xmx"$XMX" -cp "$CP" org.mip.gateway.storescp.StoreServerMain "$WORK/gw" "$P" --admin "$A" >"$WORK/gw.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do grep -q '^READY' "$WORK/gw.log" && break; sleep 0.5; done
grep -q '^READY' "$WORK/gw.log" || { cat "$WORK/gw.log"; exit 1; }
SIZE=$(stat -c %s "$FILE")
S=$(date +%s%N)
TCP_NODELAY=1 timeout 1200 storescu -R -aec MIPGW 127.0.0.1 "$P" "$FILE" || { echo "storescu failed"; exit 1; }
E=$(date +%s%N)
SECS=$(awk -v a="$S" -v b="$E" 'BEGIN{printf "%.2f", (b-a)/1e9}')
echo "stored $SIZE bytes in $SECS s: $(awk -v s="$SIZE" -v t="$SECS" 'BEGIN{printf "%.1f", s/t/1e6}') MB/s; -Xmx$XMX, peak heap used $(curl -s "http://127.0.0.1:$A/heap") MB; instances indexed: $(curl -s "http://127.0.0.1:$A/count")"
STORED=$(find "$WORK/gw/archive" -name '*.dcm' -not -path "$WORK/gw/archive/tmp/*" | head -1)
OFFS=$(/usr/bin/python3 -c '
import struct, sys
def off(p):
    with open(p, "rb") as f:
        f.seek(132); h = f.read(12); return 144 + struct.unpack("<I", h[8:12])[0]
print(f"{off(sys.argv[1])}:{off(sys.argv[2])}")' "$FILE" "$STORED")
if cmp -i "$OFFS" "$FILE" "$STORED"; then echo "archived data set byte-identical to the file's ($STORED)"; else echo "DIFFERENT"; exit 1; fi
