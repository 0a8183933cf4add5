"""The pure core: synchronous, deterministic functions with no I/O, clock or framework."""
