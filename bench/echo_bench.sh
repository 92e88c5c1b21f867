#!/usr/bin/env bash
# C-ECHO benchmark, our SCP against DCMTK storescp (the reference SCP) in the same run:
#  (a) C-ECHO round trips per second on ONE association: our Java client, and DCMTK echoscu --repeat;
#  (b) associations per second (open, echo, release): our Java client (1 thread, and N threads) and
#      N parallel echoscu loops (one process per association: includes process start-up).
# The reference is storescp --fork (one process per association, as needed for parallel clients) and,
# for the figures of one client at a time, also storescp without --fork (one association at a time, no
# fork: its best case). Each figure is measured ROUNDS times, alternating ours and the references so
# that all see the same machine load; the best round of each is reported, with ratios ours/reference.
#   bench/echo_bench.sh [SECONDS] [N] [ROUNDS]        (defaults 10 4 2)
# Needs: dcmtk, java 17. Build the jar first (it is rebuilt only when missing):
#   mvn -B -pl gateway-core -am -Pjmh -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
PROCS=${2:-4}
ROUNDS=${3:-2}
export TCP_NODELAY=1   # DCMTK leaves Nagle on otherwise (shared/PEERS.md)
JAR=gateway-core/target/benchmarks.jar
[[ -f $JAR ]] || mvn -B -pl gateway-core -am -Pjmh -DskipTests package >/dev/null
for tool in storescp echoscu java; do
    command -v "$tool" >/dev/null || { echo "echo_bench: $tool not found (apt-get install -y dcmtk openjdk-17-jre-headless)" >&2; exit 2; }
done
# slf4j without a provider in the jar: silence its notice (the servers log nothing, like storescp without -v)
JAVA=(java -Dslf4j.internal.verbosity=ERROR -cp "$JAR" org.mip.gateway.net.bench.EchoBench)

free_port() {
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_port() {
    for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
    echo "echo_bench: nothing listens on port $1" >&2; return 1
}

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

OUR_PORT=$(free_port)
"${JAVA[@]}" serve "$OUR_PORT" >/dev/null 2>&1 & PIDS+=($!)
REF_PORT=$(free_port)
storescp --fork -aet MIPGW "$REF_PORT" >/dev/null 2>&1 & PIDS+=($!)
REF1_PORT=$(free_port)
storescp -aet MIPGW "$REF1_PORT" >/dev/null 2>&1 & PIDS+=($!)
wait_port "$OUR_PORT"
wait_port "$REF_PORT"
wait_port "$REF1_PORT"

java_figure() { # KIND PORT [THREADS] -> the figure EchoBench prints
    local kind=$1 port=$2
    "${JAVA[@]}" "$kind" "MIPGW@127.0.0.1:$port" "$SECS" ${3:+"$3"} | awk '{print $2}'
}

echoscu_repeat() { # PORT -> echoes/s of one echoscu association running for about SECS seconds
    local port=$1 n=$((SECS * 2500)) t0 t1
    t0=$(date +%s.%N)
    echoscu -aec MIPGW --repeat "$n" 127.0.0.1 "$port"
    t1=$(date +%s.%N)
    awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f\n", n / (b - a)}'
}

echoscu_assoc() { # PORT -> associations/s of PROCS parallel echoscu loops for SECS seconds
    local port=$1 dir
    dir=$(mktemp -d)
    for i in $(seq "$PROCS"); do
        ( end=$((SECONDS + SECS)); n=0; fail=0
          while (( SECONDS < end )); do
              if echoscu -aec MIPGW 127.0.0.1 "$port" 2>/dev/null; then n=$((n + 1)); else fail=$((fail + 1)); fi
          done
          echo "$n $fail" > "$dir/$i" ) &
    done
    wait
    awk -v s="$SECS" '{t += $1; f += $2} END {if (f > 0) printf "%d echoscu runs failed\n", f > "/dev/stderr"; printf "%.0f\n", t / s}' "$dir"/*
    rm -rf "$dir"
}

best() { printf '%s\n' "$@" | sort -n | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else printf "n/a"}'; }

declare -A OURS REF REF1
measure() { # NAME SEQUENTIAL(0|1) COMMAND... (the command gets the port as its first argument)
    local name=$1 seq=$2; shift 2
    local o=() r=() r1=()
    for _ in $(seq "$ROUNDS"); do
        o+=("$("$@" "$OUR_PORT")")
        r+=("$("$@" "$REF_PORT")")
        if (( seq )); then r1+=("$("$@" "$REF1_PORT")"); fi
    done
    OURS[$name]=$(best "${o[@]}")
    REF[$name]=$(best "${r[@]}")
    REF1[$name]=$( (( seq )) && best "${r1[@]}" || echo -)
    echo "  $name: ours ${o[*]}, storescp --fork ${r[*]}${r1:+, storescp ${r1[*]}}" >&2
}
rtt_java() { java_figure rtt "$1"; }
assoc_java_1() { java_figure assoc "$1" 1; }
assoc_java_n() { java_figure assoc "$1" "$PROCS"; }

echo "echo_bench: $SECS s per figure, $ROUNDS rounds, N=$PROCS, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
measure rtt_java 1 rtt_java
measure rtt_echoscu 1 echoscu_repeat
measure assoc_java_1 1 assoc_java_1
measure assoc_java_n 0 assoc_java_n
measure assoc_echoscu 0 echoscu_assoc

row() {
    local r1=-
    [[ ${REF1[$2]} != - ]] && r1=$(ratio "${OURS[$2]}" "${REF1[$2]}")
    printf '%-46s %8s %9s %7s %9s %7s\n' "$1" "${OURS[$2]}" "${REF[$2]}" "$(ratio "${OURS[$2]}" "${REF[$2]}")" \
        "${REF1[$2]}" "$r1"
}
printf '%-46s %8s %9s %7s %9s %7s\n' "figure (best of $ROUNDS rounds of $SECS s)" "MIP SCP" "storescp" "ratio" \
    "storescp" "ratio"
printf '%-46s %8s %9s %7s %9s %7s\n' "" "" "--fork" "" "no fork" ""
row "C-ECHO/s, one association, Java client" rtt_java
row "C-ECHO/s, one association, echoscu --repeat" rtt_echoscu
row "associations/s, Java client, 1 thread" assoc_java_1
row "associations/s, Java client, $PROCS threads" assoc_java_n
row "associations/s, $PROCS parallel echoscu loops" assoc_echoscu
