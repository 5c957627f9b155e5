#!/usr/bin/env bash
# cdc: the command line of cdc-orchestrator. Builds on first use and whenever a pom.xml or a file
# under */src/main is newer than the jar, then runs it. Works from any directory.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$root/starter/target/cdc.jar"

stale() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root" -maxdepth 2 -name pom.xml -newer "$jar" -print -quit)" ]] && return 0
  [[ -n "$(find "$root"/*/src/main -newer "$jar" -print -quit 2>/dev/null)" ]] && return 0
  return 1
}

# Two ./cdc started at once must not build at the same time: the second waits, then finds the jar fresh.
if stale && command -v flock >/dev/null; then
  mkdir -p "$root/starter/target"
  exec 9>"$root/starter/target/.cdc-build.lock"
  flock 9
fi
if stale; then
  echo "cdc: building (./mvnw -q -B -DskipTests package) ..." >&2
  log="$(mktemp)"
  if ! (cd "$root" && ./mvnw -q -B -DskipTests package) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "cdc: build failed" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$jar"
fi
exec 9>&-

home="${CDC_HOME:-$HOME/.cdc}"
mkdir -p "$home/logs"
# The command picocli will run: the first argument that is not one of the root's flags.
cmd=""
for arg in "$@"; do [[ "$arg" == -* ]] || { cmd="$arg"; break; }; done
# One JVM holds the Temporal worker, a Kafka broker and Kafka Connect for the sandbox (PostgreSQL
# runs as child processes): 512 MB of heap keeps the demo around 0.6 GB RSS.
opts=(${CDC_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1})

# Class-data sharing for the one-shot commands (demo, worker, dev-server and codec-server keep
# their JVM as it was): the classes that status, list and plan load, parsed and verified once
# into an archive (JDK 17's dynamic AppCDS) that later runs map instead of reading 190 jars.
# StartupTraining writes it by running those commands in-process against a loopback stand-in,
# once per build, under the build lock (concurrent first runs build it once). It never makes a
# run fail: one that failed to build or to check is not used (nor retried before the next build);
# one the JVM rejects is ignored (-Xshare:auto, warning silenced); one whose size changed since
# it was checked is not handed to the JVM (17 crashes on a truncated archive).
cds="$root/starter/target/cdc.jsa"
archive_fresh() {
  local want have
  [[ "$cds" -nt "$jar" && -f "$cds.size" ]] || return 1
  [[ -z "$(find "$root/starter/target/lib" -newer "$cds" -print -quit 2>/dev/null)" ]] || return 1
  read -r want <"$cds.size" && have=$(wc -c <"$cds") && ((want == have))
}
build_archive() {
  if command -v flock >/dev/null; then exec 8>"$root/starter/target/.cdc-build.lock" && flock 8; fi
  if ! archive_fresh && [[ ! "$cds.failed" -nt "$jar" ]]; then
    echo "cdc: preparing the start-up archive (once per build) ..." >&2
    rm -f "$cds" "$cds.size"
    if java "${opts[@]}" -XX:ArchiveClassesAtExit="$cds.$$" -Dcdc.log.file="$home/logs/cdc.log" \
      -cp "$jar" io.cdcorchestrator.cli.StartupTraining >"$cds.log" 2>&1 &&
      java "${opts[@]}" -Xshare:on -XX:SharedArchiveFile="$cds.$$" -jar "$jar" --version >>"$cds.log" 2>&1 &&
      wc -c <"$cds.$$" >"$cds.size.$$"; then
      mv -f "$cds.$$" "$cds" && mv -f "$cds.size.$$" "$cds.size"
    else
      rm -f "$cds.$$" "$cds.size.$$" && touch "$cds.failed"
      echo "cdc: no start-up archive (see $cds.log); commands start without it" >&2
    fi
  fi
  exec 8>&-
}
# CDC_REPLAY_JAVA: the java that runs `cdc replay`, e.g. a JDK 21+ (docs/BENCHMARKS.md: where replay
# can pin its loops to a CPU each, as fast per history as 17, and a slower start without the
# start-up archive, which is built for the java on the PATH). Unset: the java on the PATH.
java_bin=java
java_feature() { # the feature release of a java binary (17, 21, 25), from its JDK's release file
  local home line
  home="$(dirname "$(dirname "$(readlink -f "$(command -v "$1")")")")"
  line="$(grep -s '^JAVA_VERSION=' "$home/release")" || return 1
  line="${line#JAVA_VERSION=\"}" && line="${line%%[.\"]*}" && [[ "$line" =~ ^[0-9]+$ ]] && echo "$line"
}
if [[ "$cmd" == replay && -n "${CDC_REPLAY_JAVA:-}" ]]; then
  java_bin="$CDC_REPLAY_JAVA"
  # 23+ warns on stderr that protobuf uses sun.misc.Unsafe; replay output stays the command's own
  if feature="$(java_feature "$java_bin")" && ((feature >= 23)); then
    opts+=(--sun-misc-unsafe-memory-access=allow)
  fi
fi

case "$cmd" in
  demo | worker | dev-server | codec-server) ;;
  *)
    # the archive is for the java on the PATH
    [[ "$java_bin" != java ]] || archive_fresh || [[ "$cds.failed" -nt "$jar" ]] || build_archive || true
    if [[ "$java_bin" == java ]] && archive_fresh; then opts+=(-XX:SharedArchiveFile="$cds" -Xlog:cds*=off); fi
    ;;
esac

java_cmd=("$java_bin" "${opts[@]}" -Dcdc.log.file="$home/logs/cdc.log" -jar "$jar" "$@")

if ! [[ -t 0 || -t 1 || -t 2 ]] || ! command -v setsid >/dev/null; then
  exec "${java_cmd[@]}"
fi
# On a terminal, Ctrl-C goes to the whole foreground process group: it would also stop the
# PostgreSQL processes the sandbox starts before the demo's teardown got to them. So the JVM (and
# everything it starts) runs in a session of its own, and this script hands it the signals. A
# background job of a script ignores SIGINT, so Ctrl-C reaches the JVM as SIGTERM (same handling).
exec 3<&0
setsid "${java_cmd[@]}" <&3 3<&- &
pid=$!
exec 3<&-
trap 'kill -TERM "$pid" 2>/dev/null' INT TERM
trap 'kill -HUP "$pid" 2>/dev/null' HUP
while true; do
  rc=0
  wait "$pid" || rc=$?   # a trapped signal ends the wait early: go on waiting while the JVM runs
  kill -0 "$pid" 2>/dev/null || exit "$rc"
done
