"""Files made to hurt a reader: bit flips, XML entities (XXE, billion laughs), zip bombs, deep JSON.

Each takes a valid file (or writes one) and returns a damaged or hostile copy, as an attacker or a
failing disk would make it. The importer must refuse every one with a clear error naming the file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

SHEET = "xl/worksheets/sheet1.xml"


def rewrite_member(
    valid: Path, path: Path, member: str, change: bytes, swap: tuple[bytes, bytes] | None = None
) -> Path:
    """A copy of a workbook with one part's XML replaced by `change` (which may use `{old}`),
    and with the two texts of `swap` exchanged in it."""
    with (
        zipfile.ZipFile(valid) as before,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as after,
    ):
        for item in before.infolist():
            data = before.read(item.filename)
            if item.filename == member:
                data = change.replace(b"{old}", data)
                if swap is not None:
                    first, second = swap
                    data = data.replace(first, b"\0").replace(second, first).replace(b"\0", second)
            after.writestr(item, data)
    return path


def with_doctype(valid: Path, path: Path, doctype: str, entity: str) -> Path:
    """The workbook's first sheet with a DOCTYPE declaring entities, one of them used in a cell."""
    with zipfile.ZipFile(valid) as archive:
        sheet = archive.read(SHEET).decode()
    start = sheet.index("<worksheet")
    head, body = sheet[:start], sheet[start:]
    body = body.replace("<t>China</t>", f"<t>&{entity};</t>", 1)
    return rewrite_member(valid, path, SHEET, (head + doctype + body).encode())


def xxe(valid: Path, path: Path) -> Path:
    """An external entity that would read /etc/passwd into a cell (XML external entity attack)."""
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return with_doctype(valid, path, doctype, "xxe")


def billion_laughs(valid: Path, path: Path) -> Path:
    """Ten levels of entities, each ten of the one below: 10^9 'lol's from a few hundred bytes."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    return with_doctype(valid, path, f"<!DOCTYPE worksheet [{''.join(entities)}]>", "lol9")


def zip_bomb(valid: Path, path: Path, megabytes: int) -> Path:
    """The workbook with an extra part of `megabytes` MB of zeros (deflated to about 1/1000)."""
    with (
        zipfile.ZipFile(valid) as before,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as after,
    ):
        for item in before.infolist():
            after.writestr(item, before.read(item.filename))
        with after.open("xl/media/image1.bin", "w") as bomb:
            block = bytes(2**20)
            for _ in range(megabytes):
                bomb.write(block)
    return path


def many_members(valid: Path, path: Path, count: int) -> Path:
    """The workbook with `count` tiny extra parts."""
    with (
        zipfile.ZipFile(valid) as before,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as after,
    ):
        for item in before.infolist():
            after.writestr(item, before.read(item.filename))
        for number in range(count):
            after.writestr(f"xl/media/part{number}.bin", b"x")
    return path


def bit_flipped(valid: Path, path: Path, offset: int) -> Path:
    """A copy with one bit flipped at `offset` (a byte position inside the file)."""
    data = bytearray(valid.read_bytes())
    data[offset % len(data)] ^= 1 << (offset % 8)
    path.write_bytes(bytes(data))
    return path


def deeply_nested_geojson(path: Path, depth: int) -> Path:
    """A FeatureCollection whose one feature's coordinates are nested `depth` lists deep."""
    coordinates = "[" * depth + "]" * depth
    feature = '{"type": "Feature", "properties": {"NUTS_ID": "NL41"}, "geometry": '
    feature += '{"type": "Polygon", "coordinates": ' + coordinates + "}}"
    path.write_text('{"type": "FeatureCollection", "features": [' + feature + "]}")
    return path


def geojson_of_size(path: Path, megabytes: int) -> Path:
    """A valid-looking FeatureCollection padded with a long property to `megabytes` MB."""
    padding = "x" * (megabytes * 2**20)
    feature = {"type": "Feature", "properties": {"NUTS_ID": "NL41", "note": padding}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def text_cell(path: Path, sheet: str, cell: str, text: str) -> Path:
    """The workbook with `text` in one cell as text (openpyxl would write '=…' as a formula)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    target = book[sheet][cell]
    target.value = text
    target.data_type = "s"
    book.save(path)
    return path
