"""tomgraph: a knowledge graph for designing target operating models."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tomgraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
