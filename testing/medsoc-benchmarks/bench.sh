#!/usr/bin/env bash
# Builds the JMH benchmarks jar if needed and runs it; arguments go to JMH, for example:
#   testing/medsoc-benchmarks/bench.sh ParseBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
#   testing/medsoc-benchmarks/bench.sh ParseBenchmark -p format=cef -prof gc
#   testing/medsoc-benchmarks/bench.sh -l            (list benchmarks)
# Set BENCH_REBUILD=1 to force a rebuild, MEDSOC_BUILD_DIR to build elsewhere than target/, JAVA_OPTS for
# options of the launcher JVM (for example -Djmh.ignoreLock=true when another JMH run holds /tmp/jmh.lock).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ -z "${JAVA_HOME:-}" ]]; then
    for candidate in /usr/lib/jvm/temurin-25*; do
        if [[ -x "$candidate/bin/java" ]]; then
            JAVA_HOME="$candidate"
            break
        fi
    done
fi
if [[ -z "${JAVA_HOME:-}" || ! -x "$JAVA_HOME/bin/java" ]]; then
    echo "bench.sh: no JDK 25 found; set JAVA_HOME to a JDK 25 (for example /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
    exit 1
fi
export JAVA_HOME

build_dir="${MEDSOC_BUILD_DIR:-$here/target}"
jar="$build_dir/benchmarks.jar"

stale=0
if [[ ! -f "$jar" || "${BENCH_REBUILD:-0}" == "1" ]]; then
    stale=1
elif [[ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -print -quit)" ]]; then
    stale=1
fi
if [[ "$stale" == "1" ]]; then
    echo "bench.sh: building $jar" >&2
    (cd "$root" && ./mvnw -B -ntp -q package -pl testing/medsoc-benchmarks -DskipTests \
        -Dmedsoc.build.dir="$build_dir")
fi

# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$jar" "$@"
