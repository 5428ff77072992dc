"""Renderers: pure functions from analysed specs to Mermaid, Markdown and SVG strings."""
