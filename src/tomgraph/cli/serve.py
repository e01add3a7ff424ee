"""``tomgraph serve``: the web app and SPARQL endpoint over a store, files, or the example."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .common import add_command, add_store_options

EXAMPLES = """\
  tomgraph serve                                   # the bundled example on http://127.0.0.1:5000/
  tomgraph serve --store data/ --port 8080
  tomgraph serve model.ttl more.ttl                # ontology + shapes + these files, in memory
  tomgraph serve --store data/ --allow-updates --token-file secrets/update-token
  tomgraph serve --reason                          # with inferred facts and a consistency check
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "serve", "Serve the web app and the SPARQL endpoint.", EXAMPLES)
    add_store_options(parser)
    parser.add_argument("files", nargs="*", type=Path, metavar="FILES",
                        help="RDF files to serve (loaded in memory with the ontology and shapes)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="interface to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000; 0: any)")
    parser.add_argument("--allow-updates", action="store_true",
                        help="accept SPARQL updates at /sparql (needs --token-file)")
    parser.add_argument("--token-file", type=Path, metavar="FILE",
                        help="file holding the bearer token that updates must present")
    parser.add_argument("--query-timeout", type=float, metavar="S", default=None,
                        help="stop queries after S seconds with 503 (default: 30)")
    parser.add_argument("--max-rows", type=int, metavar="N", default=None,
                        help="cut results after N rows or triples (default: 100000)")
    parser.add_argument("--workers", type=int, metavar="N", default=None,
                        help="query worker processes (default: 2-4 by cores)")
    parser.add_argument("--threads", type=int, metavar="N", default=None,
                        help="HTTP threads (default: workers + 4, at least 8)")
    parser.add_argument("--reason", action="store_true",
                        help="run the OWL reasoner before serving, so pages show inferred facts "
                             "and whether the model is consistent (needs Java)")
    parser.set_defaults(func=run)


def app_config(args: argparse.Namespace) -> dict[str, Any]:
    """The ``create_app`` config the options describe."""
    if args.store and args.endpoint:
        raise UsageError("give either --store or --endpoint, not both")
    config: dict[str, Any] = {
        "STORE_PATH": str(args.store) if args.store else None,
        "STORE_FILES": [str(f) for f in args.files],
        "ENDPOINT": args.endpoint,
        "UPDATE_ENDPOINT": args.update_endpoint,
        "GSP_ENDPOINT": args.gsp_endpoint,
        "REASON_ON_START": bool(getattr(args, "reason", False)),
    }
    if args.allow_updates:
        if not args.token_file:
            raise UsageError("--allow-updates needs --token-file FILE holding the bearer token")
        try:
            token = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UsageError(f"{args.token_file}: cannot read the token: {exc}") from exc
        if len(token) < 16:
            raise UsageError(f"{args.token_file}: the token must be at least 16 characters")
        config.update(ALLOW_UPDATES=True, UPDATE_TOKEN=token)
    elif args.token_file:
        raise UsageError("--token-file only matters with --allow-updates")
    optional = {
        "QUERY_TIMEOUT": args.query_timeout,
        "MAX_RESULT_ROWS": args.max_rows,
        "QUERY_WORKERS": args.workers,
    }
    config.update({k: v for k, v in optional.items() if v is not None})
    return config


def run(args: argparse.Namespace) -> int:
    from ..web import create_app
    from ..web.server import serve

    app = create_app(app_config(args))
    serve(app, host=args.host, port=args.port, threads=args.threads)
    return 0
