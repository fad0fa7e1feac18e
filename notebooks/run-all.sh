#!/usr/bin/env bash
# Executes every notebook headless against a quick-start output folder; any cell error fails the run.
#   notebooks/run-all.sh WORK_DIR      (WORK_DIR = bin/dfmvr quickstart --work-dir WORK_DIR)
# Writes WORK_DIR/export/ (the Parquet tables the notebooks read, as JSON Lines + PNG) and WORK_DIR/notebooks/
# (executed .ipynb, their .html, and the figures). Python comes from Debian packages only (no PyPI here):
# installed by bin/ensure-debian-packages when missing (as root), otherwise it stops and names the packages.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${1:?usage: notebooks/run-all.sh WORK_DIR (a bin/dfmvr quickstart --work-dir folder)}
work=$(cd "$work" && pwd)
packages=(jupyter-nbconvert python3-nbformat python3-ipykernel python3-pandas python3-matplotlib python3-numpy)

have_python() {
  [ -x /usr/bin/jupyter-nbconvert ] &&
    /usr/bin/python3 -c 'import pandas, matplotlib, numpy, nbformat, nbconvert, ipykernel' 2>/dev/null
}
if ! have_python; then
  "$root/bin/ensure-debian-packages" "${packages[@]}" || { echo "notebooks: cannot run without them" >&2; exit 1; }
  have_python || { echo "notebooks: the Debian packages installed but Python still cannot import them" >&2; exit 1; }
fi

for need in shards/v1 eval/samples eval/summary.json train/metrics.jsonl; do
  [ -e "$work/$need" ] || { echo "notebooks: $work/$need is missing: run bin/dfmvr quickstart --work-dir $work" >&2; exit 1; }
done
"$root/bin/dfmvr" export --input "$work/shards/v1" --out "$work/export/shards" --limit 48
"$root/bin/dfmvr" export --input "$work/eval/samples" --out "$work/export/eval-samples" --limit 100000

mkdir -p "$work/notebooks"
for nb in "$root"/notebooks/*.ipynb; do
  echo "notebooks: executing $(basename "$nb")" >&2
  DFMVR_WORK="$work" /usr/bin/jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$work/notebooks" "$nb"
  /usr/bin/jupyter-nbconvert --to html --output-dir "$work/notebooks" "$work/notebooks/$(basename "$nb")"
done
echo "notebooks: all executed; open $work/notebooks/*.html"
