"""Files as they arrive: encodings, byte-order marks, ragged rows, broken workbooks."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from amanat.intake.problems import IntakeError
from amanat.intake.readers import ReadOptions, open_table

NAMES = ["Асанов Бакыт Жумабекович", "Ёлкина Наталья", "Жумабеков Ерлан"]


def _rows(path: Path, **options: object) -> tuple[list[str], list[list[object]]]:
    with open_table(path, ReadOptions(**options)) as table:  # type: ignore[arg-type]
        return table.headings, [list(row.cells) for row in table]


def _csv(tmp_path: Path, encoding: str, bom: bytes = b"") -> Path:
    text = "ФИО;Пол\n" + "".join(f"{name};муж.\n" for name in NAMES)
    path = tmp_path / f"people-{encoding}.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866", "utf-8", "utf-16"])
def test_cyrillic_comes_back_exactly_whatever_the_encoding(tmp_path: Path, encoding: str) -> None:
    headings, rows = _rows(_csv(tmp_path, encoding))
    assert headings == ["ФИО", "Пол"]
    assert [row[0] for row in rows] == NAMES


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_heading(tmp_path: Path) -> None:
    headings, _ = _rows(_csv(tmp_path, "utf-8", bom=b"\xef\xbb\xbf"))
    assert headings[0] == "ФИО"


def test_mixed_encodings_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    body = ("ФИО;Пол\n" + "Асанов;муж.\n" * 20000).encode("utf-8")
    path.write_bytes(body + "Жумабеков;муж.\n".encode("cp1251"))
    with pytest.raises(IntakeError) as caught:
        _rows(path)
    assert caught.value.code == "mixed_encoding"


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    for content in (b"", b"\n\n  \n"):
        path = tmp_path / "empty.csv"
        path.write_bytes(content)
        with pytest.raises(IntakeError) as caught:
            _rows(path)
        assert caught.value.code == "empty_file"


def test_delimiters_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text("a\tb\tc\n1\t2\n4\t5\t6\t7\n", encoding="utf-8")
    headings, rows = _rows(path)
    assert headings == ["a", "b", "c"]
    assert rows == [["1", "2"], ["4", "5", "6", "7"]]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_is_read_with_its_headings(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "p.xlsx", [["ФИО", "Год"], [NAMES[0], 1985], [None, None], [NAMES[1], 1990]]
    )
    headings, rows = _rows(path)
    assert headings == ["ФИО", "Год"]
    assert rows == [[NAMES[0], 1985], [NAMES[1], 1990]]


@pytest.mark.parametrize(
    "content",
    [b"not a workbook at all", b"PK\x03\x04broken", None],
    ids=["text", "broken-zip", "zip-without-workbook"],
)
def test_malformed_xlsx_is_refused_clearly(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "bad.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        path.write_bytes(content)
    with pytest.raises(IntakeError) as caught:
        _rows(path)
    assert caught.value.code == "bad_xlsx"


def test_a_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(IntakeError) as caught:
        _rows(path)
    assert caught.value.code == "zip_bomb"


def test_json_arrays_are_streamed_and_nested_keys_flattened(tmp_path: Path) -> None:
    records = [{"id": i, "person": {"name": NAMES[i % 3]}, "tags": ["a", "b"]} for i in range(3000)]
    path = tmp_path / "people.json"
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    with open_table(path, ReadOptions()) as table:
        rows = [row.cells for row in table]
    assert len(rows) == 3000
    assert rows[4] == {"id": 4, "person.name": NAMES[1], "tags": ["a", "b"]}


def test_json_records_under_a_key_and_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"records": [{"a": 1}, {"a": 2}]}), encoding="utf-8")
    assert [r.cells for r in open_table(path, ReadOptions())] == [{"a": 1}, {"a": 2}]
    lines = tmp_path / "doc.jsonl"
    lines.write_text('{"a": 1}\n\n{"a": 2}\n', encoding="utf-8")
    assert [(r.number, r.cells) for r in open_table(lines, ReadOptions())] == [
        (1, {"a": 1}),
        (3, {"a": 2}),
    ]


def test_broken_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"a": 1}, {"a": ', encoding="utf-8")
    with pytest.raises(IntakeError) as caught:
        list(open_table(path, ReadOptions()))
    assert caught.value.code == "bad_json"


def test_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"a\n" + b"1\n" * 1000)
    with pytest.raises(IntakeError) as caught:
        open_table(path, ReadOptions(max_bytes=100))
    assert caught.value.code == "too_large"


def test_rows_are_streamed_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("a;b\n")
        out.writelines(f"{i};x\n" for i in range(50_000))
    with open_table(path, ReadOptions()) as table:
        first = next(iter(table))
        done, total = table.progress()
    assert first.cells == ["0", "x"]
    assert total is not None and done < total  # only a buffer's worth has been read
