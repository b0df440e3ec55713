#!/bin/sh
# screenshot-report.sh: check that a run's report.html renders in a real
# browser. It opens the page in headless Chromium (Debian: apt-get install
# chromium) with networking features off, saves a screenshot and says how
# big it is; open the PNG and look at it.
#
#   scripts/screenshot-report.sh                         # out/baseline/report.html
#   scripts/screenshot-report.sh out/b7/report.html /tmp/b7.png 1400 12000
#
# Arguments: the report (default out/baseline/report.html; run
# `go run ./cmd/aicloudsim run` first), the screenshot (default
# <run folder>-report.png beside the run folder, never inside it, so the
# next run can still replace the folder), and the window width and height
# in pixels (default 1400 × 4000; a taller window shows more of the page).
set -eu

report=${1:-out/baseline/report.html}
if [ ! -f "$report" ]; then
	echo "screenshot-report: $report does not exist; run: go run ./cmd/aicloudsim run" >&2
	exit 2
fi
dir=$(cd "$(dirname "$report")" && pwd)
shot=${2:-$dir-report.png}
width=${3:-1400}
height=${4:-4000}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "screenshot-report: chromium is not installed; on Debian or Ubuntu: apt-get install chromium" >&2
	exit 2
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$shot"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --screenshot="$shot" --window-size="$width,$height" \
	"file://$dir/$(basename "$report")" 2>/dev/null

if [ ! -s "$shot" ]; then
	echo "screenshot-report: chromium wrote no screenshot" >&2
	exit 1
fi
echo "wrote $shot ($(wc -c <"$shot") bytes, ${width}x${height}): open it and look"
