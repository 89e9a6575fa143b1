#!/usr/bin/env bash
# Publishes the functions as they are deployed (pre- and post-annotation, the workflow functions).
#   scripts/publish.sh            provided.al2023, Native AOT: each folder holds one executable `bootstrap`
#                                 and nothing else
#   scripts/publish.sh r2r        provided.al2023, self-contained, trimmed, composite ReadyToRun `bootstrap` (the
#                                 build before Native AOT, kept for comparison)
#   scripts/publish.sh managed    dotnet10 managed runtime: framework-dependent assemblies
#   --arch x86_64|arm64           the Lambda architecture the aot and r2r packages are for (default x86_64); arm64
#                                 (Graviton) is cross-compiled: Native AOT links with clang and Debian's aarch64
#                                 cross toolchain (.ci/setup installs it; docs/deploy.md)
# Output: artifacts/publish/{pre-annotation,post-annotation,workflow}/ (the templates' CodeUri); the full publish
# output (symbols in *.dbg, XML docs) stays in artifacts/publish-build/. Extra arguments go to dotnet publish.
# Any build warning fails the publish: a trim or AOT warning means code that may break only once deployed.
set -euo pipefail
cd "$(dirname "$0")/.."
arch=x86_64
mode=aot
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) [ $# -ge 2 ] || { echo "publish.sh: --arch needs x86_64 or arm64" >&2; exit 2; }; arch=$2; shift 2 ;;
    aot|r2r|managed) mode=$1; shift ;;
    -*) rest+=("$1"); shift ;;
    *) echo "publish.sh: unknown mode '$1' (expected aot, r2r or managed)" >&2; exit 2 ;;
  esac
done
set -- ${rest[@]+"${rest[@]}"}
case "$arch" in
  x86_64) rid=linux-x64 cross=() ;;
  arm64)
    rid=linux-arm64 cross=(-p:ObjCopyName=aarch64-linux-gnu-objcopy)
    if [ "$mode" = aot ]; then
      for tool in clang aarch64-linux-gnu-objcopy; do
        command -v "$tool" > /dev/null 2>&1 || {
          echo "publish.sh: $tool is missing: a Native AOT arm64 publish needs clang and Debian's aarch64 cross" \
            "toolchain (bash .ci/setup --arm64 installs them)" >&2; exit 1; }
      done
    fi ;;
  *) echo "publish.sh: unknown architecture '$arch' (expected x86_64 or arm64)" >&2; exit 2 ;;
esac
case "$mode" in
  aot) args=(-r "$rid" -p:PublishAot=true ${cross[@]+"${cross[@]}"}) ;;
  r2r) args=(-r "$rid" --self-contained) ;;
  managed) args=() ;;
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
  echo "published $out ($mode, $arch, $(du -sh "$out" | cut -f1))"
done
