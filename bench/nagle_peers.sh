#!/bin/bash
# Usage: bench/nagle_peers.sh [WORKDIR]
#   DCMTK 3.6.7, and Orthanc built on it, leave Nagle's algorithm on unless their environment has
#   TCP_NODELAY=1 (shared/PEERS.md), as they ship and as most sites run them. Such a peer writes a PDU in
#   pieces and holds the rest until the first piece is acknowledged; unless we acknowledge at once
#   (TCP_QUICKACK, net.server.QuickAck) each DIMSE exchange waits ~40 ms for Linux's delayed ACK.
#   Every peer here runs WITHOUT TCP_NODELAY; each figure is measured in the same run as the DCMTK
#   program in the same role (the reference):
#     SCP: echoscu --repeat $ECHOES on one association to the gateway's DICOM listener (StoreServerMain,
#          the storage SCP with its Verification service) and to storescp: C-ECHO/s; and storescu sending
#          the $FILES small files on one association to the gateway (which syncs and indexes each) and to
#          storescp -od (which writes them without syncing): files/s.
#     SCU: `mipgw store` (the gateway's C-STORE SCU, as used for forwarding) and DCMTK storescu sending
#          the same $FILES small files on one association to storescp --ignore and to Orthanc (emptied
#          before each run): files/s over the process's wall time (JVM start-up included for ours).
#   Environment (optional): CORPUS=<gen_data.py output, small/ used> (generated in WORKDIR when absent)
#     ECHOES=500  FILES=200  REPS=3 (median of REPS; ours and the reference alternate)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$ROOT/../shared/bench}
[ -f "$BENCH/lib.sh" ] || BENCH=/work/shared/bench
source "$BENCH/lib.sh"
unset TCP_NODELAY # lib.sh exports TCP_NODELAY=1 for its clients: not here
WORK=${1:-$(mktemp -d /tmp/nagle-peers.XXXXXX)}
mkdir -p "$WORK"
ECHOES=${ECHOES:-500}
FILES=${FILES:-200}
REPS=${REPS:-3}
H=127.0.0.1
declare -A SPID
trap 'stop_all_servers' EXIT
trap 'exit 130' INT TERM

echo "==== nagle_peers $(date -u +%Y-%m-%dT%H:%M:%SZ) nproc=$(nproc) work=$WORK echoes=$ECHOES files=$FILES reps=$REPS"
echo "TCP_NODELAY in the environment of every peer: ${TCP_NODELAY:-unset}"
if [ -z "${CORPUS:-}" ] || [ ! -d "$CORPUS/small" ]; then
  CORPUS=$WORK/corpus
  log "generating corpus in $CORPUS"
  timeout 1200 $PY "$BENCH/gen_data.py" "$CORPUS" --small "$FILES" --large 0 --mwl 0 >/dev/null || exit 1
fi
mapfile -t SMALL < <(ls "$CORPUS"/small/*.dcm | sort | head -n "$FILES")
[ "${#SMALL[@]}" -eq "$FILES" ] || { echo "need $FILES files in $CORPUS/small, found ${#SMALL[@]}"; exit 1; }

log "building (mvn -o test-compile for the storage server; ./mipgw builds its jar if it is stale)"
(cd "$ROOT" && mvn -B -q -o -pl storescp -am test-compile dependency:build-classpath \
   -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test) >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
CP="$ROOT/storescp/target/test-classes:$ROOT/storescp/target/classes:$ROOT/gateway-core/target/classes"
CP="$CP:$ROOT/gateway-core/target/test-classes:$ROOT/config/target/classes:$(cat "$WORK/cp.txt")"
"$ROOT/mipgw" --help >"$WORK/mipgw-build.log" 2>&1 || { cat "$WORK/mipgw-build.log"; exit 1; }

# ---- SCP side: C-ECHO/s of echoscu (Nagle on) against the gateway and storescp
GW_PORT=$(free_port)
start_server gateway "$WORK/gateway.log" java -Xmx256m -cp "$CP" org.mip.gateway.storescp.StoreServerMain \
  "$WORK/gw" "$GW_PORT" keep-both
SCP_PORT=$(free_port)
mkdir -p "$WORK/scp_store"
start_server storescp "$WORK/storescp.log" storescp -od "$WORK/scp_store" -aet STORESCP "$SCP_PORT"
wait_echo $H "$GW_PORT" MIPGW 60 && wait_echo $H "$SCP_PORT" STORESCP 30 || exit 1
rate() { # N CMD... -> N per second of the wall time CMD took (nan, with its output, if it failed)
  local n=$1 s e
  shift
  s=$(now_ns)
  timeout "$TIMEOUT_S" "$@" >"$WORK/last-run.log" 2>&1 || { cat "$WORK/last-run.log" >&2; echo nan; return; }
  e=$(now_ns)
  awk -v n="$n" -v a="$s" -v b="$e" 'BEGIN{printf "%.1f\n", n/((b-a)/1e9)}'
}
echo_rate() { rate "$ECHOES" echoscu --repeat "$ECHOES" -aet BENCHSCU -aec "$2" $H "$1"; } # port ae -> C-ECHO/s
store_in() { rate "$FILES" storescu -aet BENCHSCU -aec "$2" $H "$1" "${SMALL[@]}"; }   # port ae -> files/s
alternate() { # label unit fn gateway-array storescp-array: REPS rounds, the gateway then storescp in each
  local label=$1 unit=$2 fn=$3 g s r
  local -n to_gw=$4 to_scp=$5
  for ((r = 1; r <= REPS; r++)); do
    g=$($fn "$GW_PORT" MIPGW); s=$($fn "$SCP_PORT" STORESCP)
    log "$label rep $r: gateway $g $unit, storescp $s $unit"
    to_gw+=("$g"); to_scp+=("$s")
  done
}
# warm-up of the gateway's JIT (not measured)
for ((i = 0; i < 3; i++)); do echo_rate "$GW_PORT" MIPGW >/dev/null; done
store_in "$GW_PORT" MIPGW >/dev/null
GE=(); SE=(); GS=(); SS=()
alternate "C-ECHO" "/s" echo_rate GE SE
alternate "C-STORE from storescu" "files/s" store_in GS SS
stop_server gateway
stop_server storescp
SCP_PORT=$(free_port)
start_server storescp_ignore "$WORK/storescp-ignore.log" storescp --ignore -aet STORESCP "$SCP_PORT"
wait_echo $H "$SCP_PORT" STORESCP 30 || exit 1

# ---- SCU side: mipgw store and storescu (the reference SCU) to storescp --ignore and to Orthanc, Nagle on
OR_PORT=$(free_port); OR_HTTP=$(free_port)
mkdir -p "$WORK/orthanc"
cat >"$WORK/orthanc/orthanc.json" <<EOF
{"Name": "nagle-peers", "DicomAet": "ORTHANC", "DicomPort": $OR_PORT, "HttpPort": $OR_HTTP,
 "StorageDirectory": "$WORK/orthanc/storage", "IndexDirectory": "$WORK/orthanc/index",
 "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomModalities": {}}
EOF
start_server orthanc "$WORK/orthanc.log" /usr/sbin/Orthanc "$WORK/orthanc/orthanc.json"
$PY "$BENCH/orthanc_ctl.py" "http://$H:$OR_HTTP" wait 60 || exit 1
wait_echo $H "$OR_PORT" ORTHANC 30 || exit 1
store_rate() { # tool port ae -> files/s (wall time of the process)
  local r n
  [ "$3" = ORTHANC ] && $PY "$BENCH/orthanc_ctl.py" "http://$H:$OR_HTTP" reset >/dev/null
  if [ "$1" = mipgw ]; then
    r=$(rate "$FILES" "$ROOT/mipgw" store --calling-aet BENCHSCU "$3@$H:$2" "${SMALL[@]}")
  else
    r=$(rate "$FILES" storescu -aet BENCHSCU -aec "$3" $H "$2" "${SMALL[@]}")
  fi
  if [ "$3" = ORTHANC ] && [ "$r" != nan ]; then
    n=$($PY "$BENCH/orthanc_ctl.py" "http://$H:$OR_HTTP" count)
    [ "$n" = "$FILES" ] || { echo "Orthanc holds $n instances, not $FILES" >&2; r=nan; }
  fi
  echo "$r"
}
declare -A RATE
for target in "$SCP_PORT STORESCP" "$OR_PORT ORTHANC"; do
  set -- $target
  for ((r = 1; r <= REPS; r++)); do
    m=$(store_rate mipgw "$1" "$2"); d=$(store_rate storescu "$1" "$2")
    log "C-STORE to $2 rep $r: mipgw store $m files/s, storescu $d files/s"
    RATE[$2-mipgw]="${RATE[$2-mipgw]:-} $m"; RATE[$2-storescu]="${RATE[$2-storescu]:-} $d"
  done
done
stop_all_servers

echo "---- nagle_peers summary (median of $REPS; every peer with Nagle on) ----"
ge=$(median "${GE[@]}"); se=$(median "${SE[@]}")
printf 'C-ECHO/s, echoscu on 1 association:  gateway %8.1f  storescp %8.1f  ratio x%s\n' "$ge" "$se" "$(div "$ge" "$se")"
result nagle gateway echo_per_s "$ge" "1/s"; result nagle storescp echo_per_s "$se" "1/s"
gs=$(median "${GS[@]}"); ss=$(median "${SS[@]}")
printf 'C-STORE files/s from storescu:       gateway %8.1f  storescp %8.1f  ratio x%s\n' "$gs" "$ss" "$(div "$gs" "$ss")"
result nagle gateway store_in_files_per_s "$gs" "1/s"; result nagle storescp store_in_files_per_s "$ss" "1/s"
for t in STORESCP ORTHANC; do
  m=$(median ${RATE[$t-mipgw]}); d=$(median ${RATE[$t-storescu]})
  printf 'C-STORE files/s to %-8s:         mipgw store %6.1f  storescu %6.1f  ratio x%s\n' "$t" "$m" "$d" "$(div "$m" "$d")"
  result nagle "mipgw-to-$t" files_per_s "$m" "1/s"; result nagle "storescu-to-$t" files_per_s "$d" "1/s"
done
