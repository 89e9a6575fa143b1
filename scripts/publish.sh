#!/usr/bin/env bash
# Publishes the functions as they are deployed (pre- and post-annotation, the workflow functions).
#   scripts/publish.sh            provided.al2023, Native AOT: each folder holds one executable `bootstrap`
#                                 and nothing else
#   scripts/publish.sh r2r        provided.al2023, self-contained, trimmed, composite ReadyToRun `bootstrap` (the
#                                 build before Native AOT, kept for comparison)
#   scripts/publish.sh managed    dotnet10 managed runtime: framework-dependent assemblies
# Output: artifacts/publish/{pre-annotation,post-annotation,workflow}/ (the templates' CodeUri); the full publish
# output (symbols in *.dbg, XML docs) stays in artifacts/publish-build/. Extra arguments go to dotnet publish.
# Any build warning fails the publish: a trim or AOT warning means code that may break only once deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-aot}
[ $# -gt 0 ] && shift
case "$mode" in
  aot) args=(-r linux-x64 -p:PublishAot=true) ;;
  r2r) args=(-r linux-x64 --self-contained) ;;
  managed) args=() ;;
  *) echo "publish.sh: unknown mode '$mode' (expected aot, r2r or managed)" >&2; exit 2 ;;
esac
mkdir -p artifacts
for f in PreAnnotation PostAnnotation Workflow; do
  name=$(echo "$f" | sed -E 's/([a-z])([A-Z])/\1-\2/' | tr 'A-Z' 'a-z')
  build="artifacts/publish-build/$name"
  out="artifacts/publish/$name"
  log="artifacts/publish-build/$name.log"
  rm -rf "$build" "$out"
  mkdir -p "$build" "$out"
  if ! dotnet publish "src/GtCustomPose.$f" -c Release -o "$build" -nologo -v q "${args[@]}" "$@" > "$log" 2>&1; then
    cat "$log" >&2
    echo "publish.sh: dotnet publish of $f failed" >&2
    exit 1
  fi
  if grep -E ': warning [A-Z]+[0-9]+' "$log" >&2; then
    echo "publish.sh: $f published with warnings (above)" >&2
    exit 1
  fi
  case "$mode" in
    aot) install -m 755 "$build/bootstrap" "$out/bootstrap" ;;
    r2r)
      # The apphost under the assembly's name is a second copy of `bootstrap`; symbols and docs are not read.
      cp -r "$build/." "$out/"
      rm -f "$out/GtCustomPose.$f" "$out"/*.pdb "$out"/*.xml "$out"/*.dbg ;;
    managed)
      cp -r "$build/." "$out/"
      rm -f "$out"/*.pdb "$out"/*.xml ;;
  esac
  echo "published $out ($mode, $(du -sh "$out" | cut -f1))"
done
