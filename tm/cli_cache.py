"""`tmbuild cache info|clear`: what the user cache holds, and emptying it."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Show or clear the cache of embeddings and OCR lexicons ($XDG_CACHE_HOME/tmbuild).")
out = Console(highlight=False, soft_wrap=True)

_KIND = {"sums": "USE token sums", "vectors": "sentence vectors"}


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


@app.command()
def info() -> None:
    """Print the cache location, size, bound, entries per model and the lexicon files."""
    from align.embed.cache import BOUND_ENV
    from align.embed.cache_admin import cache_info

    ci = cache_info()  # errors go to tm.reporting through the parent group
    out.print(f"location: {escape(str(ci.directory))}")
    out.print(f"embedding cache: {escape(str(ci.database))}, {_mb(ci.file_bytes)} "
              f"(bound {_mb(ci.bound)}; set {BOUND_ENV} to change)")
    if ci.problem:
        out.print(f"  unreadable: {escape(ci.problem)}")
    elif not ci.models:
        out.print("  no entries")
    for m in ci.models:
        used = time.strftime("%Y-%m-%d %H:%M", time.localtime(m.last_used / 1000)) if m.last_used else "never"
        out.print(f"  {escape(m.model)}: {m.entries} {_KIND.get(m.table, m.table)}, {_mb(m.payload_bytes)}, "
                  f"last used {used}")
    out.print(f"OCR lexicons: {len(ci.lexicons)}")
    for path, size in ci.lexicons:
        out.print(f"  {escape(path.name)}: {_mb(size)}")


@app.command()
def clear() -> None:
    """Remove every cached embedding and the OCR lexicons (safe while another tmbuild runs)."""
    from align.embed.cache_admin import clear_cache

    done = clear_cache()
    out.print(f"cleared {done.entries} cache entries and {done.lexicons} lexicon files ({_mb(done.bytes_freed)} freed)")

