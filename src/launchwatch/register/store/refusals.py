"""The database's refusals as the register's errors: one clear line each (a conflict,
a busy register, a damaged file), never a driver's traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DatabaseError

from ...errors import InputError
from .engine import _sqlite_path

__all__: list[str] = []


def _line(obj: object) -> str:
    return " ".join(str(obj).split())[:200]


@contextmanager
def _store_errors(url: str) -> Iterator[None]:
    """Turn the database's refusals into the register's errors (one clear line each)."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from ...errors import StoreBusy, StoreConflict

    try:
        yield
    except IntegrityError as exc:
        raise StoreConflict(url, "another writer stored the same round at the same time; "
                            f"nothing of this write was stored, run it again ({exc.orig})") from None
    except OperationalError as exc:
        msg = str(exc.orig).lower()
        if "locked" in msg or "busy" in msg or "could not obtain lock" in msg:
            raise StoreBusy(url, "busy: another writer held it past the busy timeout "
                            f"({exc.orig}); nothing of this write was stored, retry") from None
        raise InputError("register", url, f"the database refused the operation ({exc.orig}); "
                         "nothing of this write was stored") from None
    except DatabaseError as exc:
        raise InputError("register", url, f"damaged or not a register database ({_line(exc.orig)}); "
                         "nothing was written to it") from None
    except InputError:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        # the driver's conversions of stored values (JSON, dates) failing: damaged content
        raise _damaged(url, exc) from None
    except (TypeError, AttributeError) as exc:
        if not _from_stored_value(exc):
            raise
        raise _damaged(url, exc) from None


def _damaged(url: str, exc: BaseException) -> InputError:
    where: object = _sqlite_path(url)
    if where is None:
        from sqlalchemy.engine import make_url

        where = make_url(url).render_as_string(hide_password=True)
    return InputError("register", url, f"damaged register {where}: a stored record cannot be read "
                      f"({type(exc).__name__}: {_line(exc)}); nothing was written to it")


def _from_stored_value(exc: BaseException) -> bool:
    """Whether a ``TypeError``/``AttributeError`` was raised converting a stored cell: in
    SQLAlchemy's result processors (a date cell that is no longer text) or in
    :mod:`.rows` (a cell of the wrong type or ``NULL`` where none is written), not in
    the register's own logic, which is then a bug and keeps its traceback."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    name = last.replace("\\", "/")
    return ("sqlalchemy/engine/" in name and ("processors" in name or "result" in name)) \
        or name.endswith("launchwatch/register/rows.py")
