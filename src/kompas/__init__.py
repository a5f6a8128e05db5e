"""Kompas: decision support for a region's international cooperation."""
