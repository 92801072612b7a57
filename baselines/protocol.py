"""The system contract now lives with the harness (`benchmark.systems.protocol`); this module
keeps `from baselines.protocol import Attributor` working for existing plugins."""

from benchmark.systems.protocol import Attributor, Trainable

__all__ = ["Attributor", "Trainable"]
