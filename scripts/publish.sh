#!/usr/bin/env bash
# Publishes the functions as they are deployed (pre- and post-annotation, the workflow functions).
#   scripts/publish.sh            provided.al2023: self-contained, trimmed, composite ReadyToRun, executable `bootstrap`
#   scripts/publish.sh managed    dotnet10 managed runtime: framework-dependent assemblies
# Output: artifacts/publish/{pre-annotation,post-annotation,workflow}/ (the template's CodeUri). Extra arguments go to dotnet publish.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-bootstrap}
[ $# -gt 0 ] && shift
for f in PreAnnotation PostAnnotation Workflow; do
  name=$(echo "$f" | sed -E 's/([a-z])([A-Z])/\1-\2/' | tr 'A-Z' 'a-z')
  out="artifacts/publish/$name"
  rm -rf "$out"
  if [ "$mode" = managed ]; then
    dotnet publish "src/GtCustomPose.$f" -c Release -o "$out" -nologo -v q "$@"
  else
    dotnet publish "src/GtCustomPose.$f" -c Release -r linux-x64 --self-contained -o "$out" -nologo -v q "$@"
  fi
  echo "published $out"
done
