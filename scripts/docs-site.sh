#!/usr/bin/env bash
# Builds the documentation site with DocFX into docs/_site: the pages under docs/ (by reader, and the generated
# page per check) and the API reference of the engine, the harness, the reports and the lessons, read from a
# build of the checks (their output holds the four assemblies, their XML docs and every dependency).
#   scripts/docs-site.sh [Release|Debug]     (default Release; builds the checks first where that build is missing)
# DocFX is the version docs/.config/dotnet-tools.json pins (a local .NET tool, restored from NuGet). Every warning
# is an error: a broken link between pages, a missing file or an unresolved reference fails the build.
# Open docs/_site/index.html, or serve the folder: `dotnet docfx serve docs/_site` (from docs/).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=${1:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -f "checks/bin/$configuration/net10.0/OmiStack.Engine.dll" ]; then
  echo "docs-site: building the checks ($configuration) for the API pages" >&2
  dotnet build checks -c "$configuration" --nologo -v quiet >&2
fi
if [ "$configuration" != Release ]; then
  made="$PWD/docs/docfx.$configuration.json"
  sed "s#checks/bin/Release/#checks/bin/$configuration/#" docs/docfx.json > "$made"
  trap 'rm -f "$made"' EXIT
  config=docfx.$configuration.json
else
  config=docfx.json
fi

cd docs
dotnet tool restore >&2
rm -rf _site api
dotnet docfx "$config" --warningsAsErrors
echo "docs-site: docs/_site/index.html"
