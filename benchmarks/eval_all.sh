#!/bin/sh
# Every development score of the extractor in one run (what `make eval` prints):
#   1. dev + seed abstracts: score.py (precision / recall / F1 per kind of fact, loose and strict, arms);
#   2. PICO-Corpus development half (even PMIDs only; the odd half is held out): score_outcomes.py,
#      arm-level medians, response rates and per-arm n;
#   3. PICO-Corpus sample size: pico_n.py (n_enrolled);
#   4. RCT-ART outcome values: benchmarks/score_rct_art.py (even PMIDs: development half, errors with ERRORS=1;
#      odd PMIDs: held out, aggregate numbers only).
# The eval texts are read where they are (SHARED) and written only to OUT (a build folder, not committed).
#
#   sh benchmarks/eval_all.sh                      # uses .venv/bin/python and .venv/bin/evidence
#   PY=/path/python EVIDENCE=/path/evidence sh benchmarks/eval_all.sh
#   ERRORS=1 EXAMPLES=10 sh benchmarks/eval_all.sh # also score.py --errors, and PICO example errors per type
set -e
PY=${PY:-.venv/bin/python}
EVIDENCE=${EVIDENCE:-.venv/bin/evidence}
SHARED=${SHARED:-../shared}
OUT=${OUT:-build/eval}
mkdir -p "$OUT"

echo "== dev + seed abstracts (score.py)"
$PY benchmarks/eval_batch.py "$OUT" "$SHARED/eval/dev_abstracts.jsonl" "$SHARED/eval/seed_abstracts.jsonl"
$EVIDENCE extract --input "$OUT/in.jsonl" --output "$OUT/pred.jsonl"
python3 "$SHARED/eval/score.py" --gold "$OUT/gold.jsonl" --pred "$OUT/pred.jsonl" ${ERRORS:+--errors}

echo "== PICO development half, arm-level outcomes (score_outcomes.py; even PMIDs only)"
python3 "$SHARED/eval/score_outcomes.py" inputs pico "$OUT/outcomes_in.jsonl"
$EVIDENCE extract --input "$OUT/outcomes_in.jsonl" --output "$OUT/outcomes_pred.jsonl"
python3 "$SHARED/eval/score_outcomes.py" score pico "$OUT/outcomes_pred.jsonl" \
    --examples "${EXAMPLES:-0}" --dump "$OUT/outcomes_errors.jsonl"

echo "== PICO sample size (pico_n.py)"
python3 "$SHARED/eval/pico_n.py" inputs "$OUT/pico_in.jsonl"
$EVIDENCE extract --input "$OUT/pico_in.jsonl" --output "$OUT/pico_pred.jsonl"
python3 "$SHARED/eval/pico_n.py" score "$OUT/pico_pred.jsonl"

echo "== RCT-ART outcome values (score_rct_art.py; even PMIDs development, odd PMIDs held out: numbers only)"
$PY benchmarks/score_rct_art.py inputs "$SHARED/data/rct_art" "$OUT/rct_art_in.jsonl"
$EVIDENCE extract --input "$OUT/rct_art_in.jsonl" --output "$OUT/rct_art_pred.jsonl"
$PY benchmarks/score_rct_art.py score "$SHARED/data/rct_art" "$OUT/rct_art_pred.jsonl" ${ERRORS:+--errors}
