"""Standalone HTML and markdown pages: the report of one or two systems, leaderboards, suites.

Pages have no external assets and fetch nothing: styles, scripts, charts (inline SVG) and data
(one embedded JSON blob) are in the file.
"""
