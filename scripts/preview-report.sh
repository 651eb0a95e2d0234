#!/usr/bin/env bash
# Render the board report as a person sees it: seeds -> Word -> PDF -> PNG pages.
# Needs Debian's libreoffice-writer-nogui and poppler-utils (apt-get install them).
# Usage: scripts/preview-report.sh [OUT_DIR] [extra `tracker report` options...]
set -euo pipefail
out=${1:-report-preview}
shift || true
here=$(cd "$(dirname "$0")/.." && pwd)
tracker=${TRACKER:-$here/.venv/bin/tracker}
mkdir -p "$out"
db="$out/preview.db"
rm -f "$db" "$db-wal" "$db-shm"
TRACKER_CONFIG=/dev/null "$tracker" --db "$db" seed >/dev/null
TRACKER_CONFIG=/dev/null "$tracker" --db "$db" --user "Performance Analysis Unit" report --period 2023 \
    --title "Collaboration report" -o "$out/report.docx" "$@"
soffice --headless --convert-to pdf --outdir "$out" "$out/report.docx" >/dev/null 2>&1
rm -f "$out"/page*.png
pdftoppm -png -r 60 "$out/report.pdf" "$out/page"
ls "$out"/page*.png
