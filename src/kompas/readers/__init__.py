"""Readers for the publishers' own files: pure Python (openpyxl, csv, json), no Django.

Each reader turns one published file into a `Batch` of indicator values with their regions
resolved to Kompas codes, or refuses it with a `SourceError` naming file, sheet, row and column.
Storing a batch (preview, provenance, change report) is the job of `kompas.imports`.
"""
