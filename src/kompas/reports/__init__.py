"""Renderings of Kompas results for people and machines: text tables, JSON, CSV."""
