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
  tomgraph serve --store data/ --users-file users.json --audit-log audit.jsonl   # editing
  tomgraph serve --store data/ --auth proxy --trusted-proxy 127.0.0.1 --require-login
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
    parser.add_argument("--page-query-timeout", type=float, metavar="S", default=None,
                        help="how long a page's or named query's own query may wait for a "
                        "query thread, then run, before 503 (default: 4 x --query-timeout)")
    parser.add_argument("--cache-ttl", type=float, metavar="SECONDS", default=None,
                        help="with --endpoint: reuse query results (and ETags) for this many "
                        "seconds, so writes by other clients show after at most that long "
                        "(default: no cache for remote stores)")
    parser.add_argument("--max-rows", type=int, metavar="N", default=None,
                        help="cut results after N rows or triples (default: 100000)")
    parser.add_argument("--workers", type=int, metavar="N", default=None,
                        help="query worker processes (default: 2-4 by cores)")
    parser.add_argument("--threads", type=int, metavar="N", default=None,
                        help="HTTP threads (default: workers + 4, at least 8)")
    parser.add_argument("--reason", action="store_true",
                        help="run the OWL reasoner before serving, so pages show inferred facts "
                             "and whether the model is consistent (needs Java)")
    _add_auth_options(parser)
    parser.set_defaults(func=run)


def _add_auth_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sign-in and editing (docs/security.md)")
    group.add_argument("--auth", choices=("local", "proxy", "none"), default=None,
                       help="who may sign in: accounts in --users-file (local), a reverse "
                            "proxy's headers (proxy), or nobody (none; read-only). Default: "
                            "local with --users-file, none without")
    group.add_argument("--users-file", type=Path, metavar="FILE",
                       help="accounts made with 'tomgraph users add'")
    group.add_argument("--require-login", action="store_true",
                       help="also require signing in to read pages and query")
    group.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDR",
                       help="address of the reverse proxy whose user/role headers are "
                            "trusted (--auth proxy; repeatable)")
    group.add_argument("--audit-log", type=Path, metavar="FILE",
                       help="append sign-ins, failed sign-ins, changes and reverts here "
                            "as JSON lines")


def auth_config(args: argparse.Namespace) -> dict[str, Any]:
    """The sign-in settings the options describe (checked: bad combinations are refused)."""
    auth = getattr(args, "auth", None)
    users = getattr(args, "users_file", None)
    proxies = getattr(args, "trusted_proxy", []) or []
    if auth == "local" and users is None:
        raise UsageError("--auth local needs --users-file FILE (make one with "
                         "'tomgraph users add NAME --users-file FILE')")
    if users is not None and not users.is_file():
        raise UsageError(f"{users}: no such users file (make one with 'tomgraph users add')")
    if auth == "proxy" and not proxies:
        raise UsageError("--auth proxy needs --trusted-proxy ADDR (the proxy's address)")
    if getattr(args, "require_login", False) and (auth or ("local" if users else "none")) \
            == "none":
        raise UsageError("--require-login needs a way to sign in (--users-file or --auth proxy)")
    config: dict[str, Any] = {
        "AUTH": auth,
        "USERS_FILE": str(users) if users else None,
        "REQUIRE_LOGIN": bool(getattr(args, "require_login", False)),
        "TRUSTED_PROXIES": proxies,
    }
    if getattr(args, "audit_log", None):
        config["AUDIT_LOG"] = str(args.audit_log)
    return config


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
    if args.cache_ttl is not None and not args.cache_ttl > 0:
        raise UsageError(f"--cache-ttl must be a number of seconds above 0, not {args.cache_ttl}")
    if args.page_query_timeout is not None and not args.page_query_timeout > 0:
        raise UsageError("--page-query-timeout must be a number of seconds above 0, "
                         f"not {args.page_query_timeout}")
    optional = {
        "QUERY_TIMEOUT": args.query_timeout,
        "PAGE_QUERY_TIMEOUT": args.page_query_timeout,
        "MAX_RESULT_ROWS": args.max_rows,
        "QUERY_WORKERS": args.workers,
        "CACHE_TTL": args.cache_ttl,
    }
    config.update({k: v for k, v in optional.items() if v is not None})
    config.update(auth_config(args))
    return config


def run(args: argparse.Namespace) -> int:
    from ..web import create_app
    from ..web.server import serve

    app = create_app(app_config(args))
    serve(app, host=args.host, port=args.port, threads=args.threads)
    return 0
