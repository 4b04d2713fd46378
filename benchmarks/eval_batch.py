"""Turn hand-labelled eval files (../shared/eval/*.jsonl) into an extraction batch and a gold file.

    python benchmarks/eval_batch.py OUT_DIR LABELLED.jsonl...

Writes OUT_DIR/in.jsonl ({"id","title","abstract"} per line) and OUT_DIR/gold.jsonl (the labelled lines).
The eval texts are read where they are and written only to OUT_DIR (a build folder, not committed).
"""
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "in.jsonl", "w", encoding="utf-8") as batch, open(out / "gold.jsonl", "w", encoding="utf-8") as gold:
        for path in argv[1:]:
            for line in open(path, encoding="utf-8"):
                if line.strip():
                    d = json.loads(line)
                    batch.write(json.dumps({"id": d["gold_id"], "title": d.get("title") or "",
                                            "abstract": d["abstract"]}) + "\n")
                    gold.write(line if line.endswith("\n") else line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
