"""Error analysis on top of the scorer: error classes, two-system diffs, report data."""
