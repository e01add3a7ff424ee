"""Record HermiT's inferred triples for the generated 10,000-capability model (seed 1).

HermiT needs 45 minutes to 2.5 hours for that model (2,558 s alone, 9,184 s sharing this
2-core machine), far too long for every test run, so its answer is kept in ``reference/``:
the sorted inferred N-Triples (gzipped) and the digests of the ontology and the model they
were computed from. The test then proves in seconds that the fast engine infers exactly
the same triples. Re-record after changing the ontology or the generator:

    python tests/reasoning/record_hermit_reference.py
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

from tomgraph.generate import generate_file
from tomgraph.reasoning import reason
from tomgraph.store import EmbeddedStore, load_bundled

REFERENCE = Path(__file__).parent / "reference"
CAPABILITIES = 10_000
SEED = 1
TRIPLES = REFERENCE / f"hermit-inferred-{CAPABILITIES}-seed{SEED}.nt.gz"
ABOUT = REFERENCE / f"hermit-inferred-{CAPABILITIES}-seed{SEED}.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ontology_digest() -> str:
    """One digest over the ontology files the reasoner reads: a change there may change
    HermiT's answer, so the reference must be recorded again."""
    from tomgraph import bundled

    sha = hashlib.sha256()
    for path in sorted(bundled.ontology_files()):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def model_store(model: Path) -> EmbeddedStore:
    store = EmbeddedStore()
    load_bundled(store, model=False)
    store.load_files([model])
    return store


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "model.nt"
        generate_file(model, CAPABILITIES, seed=SEED)
        started = time.perf_counter()
        report = reason(model_store(model), write=False, engine="hermit", timeout=6 * 3600,
                        java_memory_mb=6000)
        seconds = time.perf_counter() - started
        lines = sorted(set(report.inferred_ntriples.splitlines()))
        REFERENCE.mkdir(exist_ok=True)
        with gzip.GzipFile(TRIPLES, "wb", mtime=0) as out:
            out.write(("\n".join(lines) + "\n").encode())
        ABOUT.write_text(json.dumps({
            "capabilities": CAPABILITIES, "seed": SEED, "model_sha256": digest(model),
            "ontology_sha256": ontology_digest(), "inferred_triples": len(lines),
            "hermit_seconds": round(seconds),
        }, indent=2) + "\n")
    print(f"recorded {len(lines):,} inferred triples in {seconds:.0f} s: {TRIPLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
