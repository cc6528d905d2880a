#!/usr/bin/env bash
# Runs the MLLP crash test (SIGKILL in the middle of a feed, restart, resend, check every message
# is stored exactly once) N times, each with a new seed; stops at the first failure, whose seed is
# in the test report. Usage: scripts/mllp-crash-soak.sh [N=10]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
runs=${1:-10}
for ((i = 1; i <= runs; i++)); do
  echo "== run $i of $runs"
  ./mvnw -B -q verify -Dtest=MllpCrashTest -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    || { echo "run $i failed: see target/surefire-reports/org.hutong.intake.MllpCrashTest.txt"; exit 1; }
done
echo "all $runs runs stored every message exactly once"
