"""requests-cache's SQLite storage and response model, without its other backends.

feedsmith reads requests-cache through two names: `SQLiteCache` (where fetched pages are kept)
and `CachedResponse` (what is kept). Importing either the usual way runs the package's
``__init__``, which imports every storage backend whose library is installed: boto3 for
DynamoDB and redis-py for Redis, 0.13 s of CPU on a quiet machine and 0.4 s under load, on every
build, although a local build uses neither (issue 13: most of an unchanged rerun's start-up).

`load()` imports the two modules those names live in with the packages above them
(``requests_cache``, ``requests_cache.backends``) put in place *unexecuted*: each holds only
what its submodules import from it (the backends package: its base classes), and runs its real
``__init__`` the first time any other name is asked of it (PEP 562 ``__getattr__``). So
``import requests_cache; requests_cache.CachedSession`` still works anywhere later (it then
loads everything, as before), and `feedsmith.backends.redis_backend` imports its Redis storage
as usual. If the packages are already loaded, or the layout differs from what this expects (a
new requests-cache), the ordinary import is used: slower, never wrong.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

_TOP = "requests_cache"
_BACKENDS = "requests_cache.backends"


def load() -> tuple[type[Any], type[Any]]:
    """(`SQLiteCache`, `CachedResponse`), importing as little of requests-cache as it can."""
    if _TOP not in sys.modules:
        try:
            _load_shallow()
        except (ImportError, AttributeError):  # another layout: undo, import the ordinary way
            log.debug("requests-cache loaded in full (its layout is not the expected one)")
            for name in [n for n in sys.modules if n == _TOP or n.startswith(_TOP + ".")]:
                del sys.modules[name]
    from requests_cache.backends.sqlite import SQLiteCache
    from requests_cache.models.response import CachedResponse

    return SQLiteCache, CachedResponse


def _load_shallow() -> None:
    top = _unexecuted(_TOP)
    backends = _unexecuted(_BACKENDS)
    top.backends = backends  # type: ignore[attr-defined]
    base = importlib.import_module(_BACKENDS + ".base")
    # what the SQLite module imports from its package (`from . import BaseCache, ...`)
    backends.BaseCache = base.BaseCache  # type: ignore[attr-defined]
    backends.BaseStorage = base.BaseStorage  # type: ignore[attr-defined]
    backends.DictStorage = base.DictStorage  # type: ignore[attr-defined]
    backends.StrOrPath = Path | str  # type: ignore[attr-defined]
    importlib.import_module(_BACKENDS + ".sqlite")
    importlib.import_module(_TOP + ".models.response")


def _unexecuted(name: str) -> ModuleType:
    """The package ``name`` in sys.modules with its ``__init__`` not yet run; it runs on the
    first attribute the module does not hold."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        raise ImportError(f"{name} is not a package")
    module = importlib.util.module_from_spec(spec)
    loader = spec.loader
    state = {"done": False}

    def complete(attr: str) -> Any:
        if state["done"] or attr.startswith("__"):
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        state["done"] = True
        loader.exec_module(module)  # the real __init__, into this same module
        return getattr(module, attr)

    module.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules[name] = module
    return module
