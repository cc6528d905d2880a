#!/usr/bin/env bash
# Generate repeatable synthetic FHIR R4 data with Synthea.
#
# Usage:
#   scripts/synthea.sh --population N --seed S --out DIR [--years Y] [-- EXTRA_SYNTHEA_ARGS...]
#
#   --population N  number of ALIVE patients Synthea must produce (-p). Synthea
#                   also exports the deceased patients it generates on the way,
#                   so DIR/fhir usually holds more than N patient bundles.
#   --seed S        used for both the population seed (-s) and clinician seed (-cs)
#   --out DIR       exporter.baseDirectory; bundles end up flat in DIR/fhir/*.json
#   --years Y       exporter.years_of_history (default 10; 0 = full lifetime)
#   -- ...          anything after "--" is passed to Synthea verbatim,
#                   e.g. -- --generate.only_alive_patients true  or  -- Ohio
#
# Synthea (org.mitre.synthea:synthea, see tools/synthea/pom.xml) ships HAPI FHIR
# 6.1.0, so it runs on its own classpath (tools/synthea/target/lib), never on the
# platform's. Java: $SYNTHEA_JAVA, else $JAVA_HOME/bin/java, else `java` (17+).
# Extra JVM options: $SYNTHEA_JAVA_OPTS (default -Xmx4g).
#
# Output is deterministic for a given seed/population/years: the reference date
# is pinned (-r 20260101) and the hospital/practitioner bundles, which Synthea
# names after the wall clock (hospitalInformation<millis>.json), are renamed to
# hospitalInformation.json / practitionerInformation.json. Load those two
# (type "batch", conditional creates via ifNoneExist) BEFORE the patient
# bundles (type "transaction"), which reference them as
# Organization?identifier=... / Practitioner?identifier=... conditional refs.
set -euo pipefail

REFERENCE_DATE=20260101

usage() {
  sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "${1:-2}"
}

population="" seed="" out="" years=10
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --population) population="${2:?--population needs a value}"; shift 2 ;;
    --seed)       seed="${2:?--seed needs a value}"; shift 2 ;;
    --out)        out="${2:?--out needs a value}"; shift 2 ;;
    --years)      years="${2:?--years needs a value}"; shift 2 ;;
    -h|--help)    usage 0 ;;
    --)           shift; extra=("$@"); break ;;
    *)            echo "synthea.sh: unknown argument: $1" >&2; usage ;;
  esac
done
[[ -n "$population" && -n "$seed" && -n "$out" ]] || usage
for v in "$population" "$seed" "$years"; do
  [[ "$v" =~ ^-?[0-9]+$ ]] || { echo "synthea.sh: not an integer: $v" >&2; exit 2; }
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POM="$ROOT/tools/synthea/pom.xml"
LIB="$ROOT/tools/synthea/target/lib"

if [[ -x "$ROOT/mvnw" ]]; then MVN=("$ROOT/mvnw"); else MVN=(mvn); fi
if [[ -n "${SYNTHEA_JAVA:-}" ]]; then JAVA="$SYNTHEA_JAVA"
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"
else JAVA=java; fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
if compgen -G "$out/fhir/*.json" > /dev/null; then
  echo "synthea.sh: $out/fhir already contains *.json; refusing to mix runs (use an empty --out)" >&2
  exit 1
fi

# Resolve synthea + its runtime dependencies into tools/synthea/target/lib.
echo "synthea.sh: resolving Synthea classpath via ${MVN[0]} -f tools/synthea/pom.xml" >&2
(cd "$ROOT" && "${MVN[@]}" -q -f "$POM" package)
compgen -G "$LIB/synthea-*.jar" > /dev/null || { echo "synthea.sh: $LIB has no synthea jar" >&2; exit 1; }

# Synthea resolves some relative paths (e.g. ./output, ./src/main/resources)
# against the working directory; run it from a scratch dir.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "synthea.sh: population=$population seed=$seed years=$years reference=$REFERENCE_DATE out=$out" >&2
# shellcheck disable=SC2086
(cd "$work" && "$JAVA" ${SYNTHEA_JAVA_OPTS:--Xmx4g} -cp "$LIB/*" App \
  -s "$seed" -cs "$seed" -r "$REFERENCE_DATE" -p "$population" \
  --exporter.baseDirectory "$out" \
  --exporter.years_of_history "$years" \
  --exporter.fhir.export true \
  --exporter.fhir.transaction_bundle true \
  --exporter.fhir.use_us_core_ig false \
  --exporter.fhir.bulk_data false \
  --exporter.fhir_stu3.export false \
  --exporter.fhir_dstu2.export false \
  --exporter.hospital.fhir.export true \
  --exporter.practitioner.fhir.export true \
  --exporter.groups.fhir.export false \
  --exporter.csv.export false \
  --exporter.cpcds.export false \
  --exporter.bfd.export false \
  --exporter.ccda.export false \
  --exporter.text.export false \
  --exporter.clinical_note.export false \
  --exporter.json.export false \
  --exporter.metadata.export false \
  --exporter.use_uuid_filenames false \
  --exporter.subfolders_by_id_substring false \
  ${extra[@]+"${extra[@]}"}) >&2

# Give the wall-clock-named shared bundles stable names.
for kind in hospitalInformation practitionerInformation; do
  shopt -s nullglob
  files=("$out/fhir/$kind"[0-9]*.json)
  shopt -u nullglob
  if [[ ${#files[@]} -eq 1 ]]; then
    mv "${files[0]}" "$out/fhir/$kind.json"
  elif [[ ${#files[@]} -gt 1 ]]; then
    echo "synthea.sh: expected one $kind bundle, found ${#files[@]}" >&2; exit 1
  fi
done

n=$(find "$out/fhir" -maxdepth 1 -name '*.json' | wc -l)
echo "synthea.sh: wrote $n bundles to $out/fhir" >&2
