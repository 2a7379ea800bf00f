#!/usr/bin/env bash
# Render the sample meeting record's PDF to PNG pages, to look at the layout (issue 18):
#   scripts/pdf-pages.sh [OUTDIR]      (default /tmp/iepmeet-pdf)
# The sample is the one tests/pdf_unicode.rs reads back: a fictional, fully filled meeting whose
# student and team have names in Vietnamese, Russian, Greek, Tagalog, Chinese, Korean, Japanese
# and Arabic. Every page is rendered at 80 dpi with pdftoppm (poppler-utils); open the PNGs in
# any image viewer.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-/tmp/iepmeet-pdf}" && cd "${1:-/tmp/iepmeet-pdf}" && pwd)
command -v pdftoppm >/dev/null || { echo "pdftoppm is needed: apt-get install poppler-utils"; exit 1; }
rm -f "$out"/record*.png "$out/record.pdf"
IEPMEET_PDF_SAMPLE_DIR="$out" cargo test --release --locked -q --test pdf_unicode names_in_many_scripts_print_as_typed >/dev/null
pdftoppm -r 80 -png "$out/record.pdf" "$out/record"
echo "$out/record.pdf ($(pdfinfo "$out/record.pdf" | awk '/^Pages/ {print $2}') pages)"
ls "$out"/record*.png
