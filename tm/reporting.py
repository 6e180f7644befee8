"""How the command line reports what went wrong: one coded line and exit 2 for what the user can fix, one line and
exit 3 with the traceback in a log file for a bug, 130 for Ctrl-C. User text is escaped here, once."""

from __future__ import annotations

import os
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from align import errors
from align.errors import TmbuildError

try:  # recent typer vendors click and raises its own copy's exceptions; older typer uses click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - depends on the typer version installed
    from click import exceptions as click_errors  # type: ignore[no-redef]

EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED = 2, 3, 130
LOGS_KEPT = 20

err = Console(stderr=True)

# C0/C1 controls (ESC starts terminal escape sequences), line separators and bidi overrides: a file name or a
# word holding them must not move the cursor, recolour the terminal or reorder the line the user reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """`text` with every control character shown as an escape (\\x1b), so it prints as one plain line."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def say(label: str, style: str, message: str) -> None:
    # A Text, not a markup string: a '[/]' in a file name is shown, never interpreted.
    err.print(Text.assemble((label, style), " ", terminal_text(message)), soft_wrap=True, highlight=False)


def report(e: TmbuildError) -> None:
    """Print `e` as the user sees every error: 'error E101: what (what to do)' on one line of stderr."""
    say("error", "bold red", f"{e.code}: {e}")


def _log_dir() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "tmbuild" / "logs"


def _write_log(trace: str) -> Path:
    """The traceback in a new timestamped log file (the oldest beyond LOGS_KEPT removed); OSError if unwritable."""
    from align import __version__

    folder = _log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}.log"
    with open(path, "x", encoding="utf-8") as f:
        f.write(f"tmbuild {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
                f"command: {' '.join(sys.argv)}\n\n{trace}")
    for old in sorted(folder.glob("*.log"))[:-LOGS_KEPT]:
        old.unlink(missing_ok=True)
    return path


def internal_error(e: BaseException) -> int:
    """A bug: one line naming the log that holds the traceback (or the traceback itself if no log can be written)."""
    what = f"{type(e).__name__}: {' '.join(str(e).split())}"[:300]
    trace = "".join(traceback.format_exception(e))
    try:
        log = _write_log(trace)
    except OSError as why:
        say("internal error:", "bold red", errors.internal_error_unlogged(what, str(_log_dir()), why.strerror or ""))
        sys.stderr.write(trace)
    else:
        say("internal error:", "bold red", errors.internal_error_logged(what, str(log)))
    return EXIT_INTERNAL


def guarded(run: Callable[[], Any]) -> int:
    """Run a command; what goes wrong becomes its exit status after one line on stderr."""
    try:
        result = run()
    except TmbuildError as e:
        report(e)
        return EXIT_ERROR
    except click_errors.NoArgsIsHelpError:
        return EXIT_ERROR  # the help was printed: the command needs arguments
    except click_errors.ClickException as e:  # a usage error: unknown option, missing argument, value out of range
        ctx = getattr(e, "ctx", None)
        report(errors.bad_arguments(e.format_message().rstrip("."), ctx.command_path if ctx else "tmbuild"))
        return EXIT_ERROR
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted", highlight=False)
        return EXIT_INTERRUPTED
    except OSError as e:
        if not (e.errno or e.filename):  # an OSError with nothing to tell the user is a bug somewhere
            return internal_error(e)
        report(errors.os_problem(e))
        return EXIT_ERROR
    except Exception as e:
        return internal_error(e)
    return result if isinstance(result, int) else 0


class ReportingGroup(TyperGroup):
    """A command group whose every error is reported here, for the `tmbuild` script and typer's CliRunner alike."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        parent = super()
        code = guarded(lambda: parent.main(args, prog_name, complete_var, standalone_mode=False, **extra))
        if standalone_mode:
            sys.exit(code)
        return code
