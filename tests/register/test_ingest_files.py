"""Report files (issue 11): UTF-8 with or without a byte-order mark and UTF-16/UTF-32 with
one are read; any other encoding, UTF-16 without a mark and binary files get one clear
line (exit code 2) naming the file and the first offending byte; a file too long is refused
before it is read in full; figures no flight can have never reach the draft or the
register as non-finite values; what ``--commit`` stores is finite."""

from __future__ import annotations

import codecs
import json
import math
from pathlib import Path

import pytest

from launchwatch.cli import main
from launchwatch.errors import InputError
from launchwatch.register import Register
from launchwatch.register.ingest import ingest_text
from launchwatch.register.ingest.files import MAX_REPORT_BYTES, decode_report, read_report

TEXT = (
    "(서울=연합뉴스) 북한이 4일 오전 7시 23분께 평안북도 무평리 일대에서 동쪽으로 탄도미사일 1발을 "
    "발사했다고 합동참모본부가 밝혔다.\n【ソウル時事】北朝鮮が弾道ミサイルを発射した。\n"
    "SEOUL, Oct. 4 (Yonhap) -- North Korea fired a ballistic missile.\n"
)


@pytest.mark.parametrize(
    "bom,codec",
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf8_and_marked_utf16_utf32_read_to_the_same_text(bom: bytes, codec: str) -> None:
    assert decode_report(bom + TEXT.encode(codec)) == TEXT


@pytest.mark.parametrize("codec", ["shift_jis", "euc_kr", "cp949", "latin-1"])
def test_other_encodings_are_refused_naming_the_first_bad_byte(codec: str) -> None:
    text = "TOKYO -- Le missile a parcouru 800 km, été. 北朝鮮 발사" if codec == "latin-1" else TEXT
    data = text.encode(codec, errors="ignore")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:  # pragma: no cover - every such text has a byte no UTF-8 text has
        pytest.fail("the sample is valid UTF-8")
    # the first byte that is not plain ASCII is where UTF-8 breaks for these texts
    assert first == next(i for i, b in enumerate(data) if b > 0x7F)
    with pytest.raises(InputError) as exc:
        decode_report(data, "r.txt")
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith("r.txt=")
    assert f"byte 0x{data[first]:02x} at offset {first:,}" in msg and "not UTF-8 text" in msg


def test_utf16_without_a_mark_and_binary_files_are_refused() -> None:
    for data in (
        TEXT.encode("ascii", errors="ignore").decode().encode("utf-16-le"),
        b"\x00\x01\x02PK\x03\x04",
    ):
        with pytest.raises(InputError, match="NUL"):
            decode_report(data, "r.txt")


def test_a_broken_utf16_file_names_the_offset_in_the_file() -> None:
    data = codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"\x00\xdc"  # a lone low surrogate
    with pytest.raises(InputError) as exc:
        decode_report(data, "r.txt")
    assert "not UTF-16 (little-endian) text" in str(exc.value) and "offset 8" in str(exc.value)


def test_a_file_too_long_is_refused_before_it_is_read_in_full(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:
        fh.seek(MAX_REPORT_BYTES + 10)
        fh.write(b"x")
    with pytest.raises(InputError, match="at most"):
        read_report(p)
    with pytest.raises(InputError, match="at most"):
        decode_report(b"a" * (MAX_REPORT_BYTES + 1))


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        read_report(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "nope.txt")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


REPORT = (
    "SEOUL, Oct. 6, 2022 (Yonhap) -- North Korea fired a short-range ballistic missile "
    "toward the East Sea on Thursday from Sunan at 6:01 a.m., the Joint Chiefs of Staff "
    "said. It flew about 350 km at an altitude of 80 km, the JCS said. 발사.\n"
)


def test_the_ingest_command_reads_utf16_files_as_utf8_ones(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAUNCHWATCH_DATA_DIR", str(tmp_path / "data"))
    reg = str(tmp_path / "r.sqlite")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(REPORT.encode("utf-8"))
    b.write_bytes(codecs.BOM_UTF16_LE + REPORT.encode("utf-16-le"))
    ca, oa, _ = _cli(capsys, "ingest", str(a), "--json", "--no-reconstruct", "--register", reg)
    cb, ob, _ = _cli(capsys, "ingest", str(b), "--json", "--no-reconstruct", "--register", reg)
    assert ca == cb == 0
    fa, fb = json.loads(oa)["fields"], json.loads(ob)["fields"]
    assert fa == fb and fa["distance"]["value"] == 350e3
    assert REPORT[slice(*fa["distance"]["span"])] == fa["distance"]["text"]


def test_the_ingest_command_refuses_other_encodings_in_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("LAUNCHWATCH_DATA_DIR", str(tmp_path / "data"))
    p = tmp_path / "sjis.txt"
    p.write_bytes("北朝鮮が弾道ミサイルを発射".encode("shift_jis"))
    code, out, err = _cli(capsys, "ingest", str(p), "--register", str(tmp_path / "r.sqlite"))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(p) in lines[0] and "byte 0x96 at offset 0" in lines[0]
    assert not (tmp_path / "r.sqlite").exists()  # refused before the register is opened


def _floats(o) -> list[float]:
    if isinstance(o, float):
        return [o]
    if isinstance(o, dict):
        return [x for v in o.values() for x in _floats(v)]
    if isinstance(o, list):
        return [x for v in o for x in _floats(v)]
    return []


@pytest.mark.parametrize(
    "figure", ["9" * 400 + " km", "1" + "0" * 330 + " kilometers", "99999999999999999999 km", "50,000 km"]
)
def test_figures_no_flight_has_are_flagged_not_kept(figure: str) -> None:
    # 9...9 km overflows a float (inf) and 50,000 km is more than once round the Earth
    # (40,075 km): no flight's distance.  Before: a pydantic traceback or an inf in the draft.
    text = (
        "SEOUL, May 8, 2025 (Yonhap) -- North Korea fired a ballistic missile from Sunan at "
        f"7:10 a.m. on Thursday, the JCS said. The missile flew {figure}, it said."
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["distance"] is None
    assert any("not a figure a flight can have" in f for f in d.flags), d.flags
    assert all(math.isfinite(x) for x in _floats(d.as_dict()))
    assert d.event is not None and d.event.launches[0].distance is None


def test_an_impossible_flight_is_stored_without_a_fit_and_flagged(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    # issue 11: "916 km flown in 202 min" gave a NaN fit, stored by --commit
    monkeypatch.setenv("LAUNCHWATCH_DATA_DIR", str(tmp_path / "data"))
    p = tmp_path / "r.txt"
    p.write_text(
        "SEOUL, Jan. 2, 2026 (Yonhap) -- North Korea fired a ballistic missile from Sunan at "
        "7:10 a.m. on Friday, the JCS said. The missile flew 916 km for 202 minutes, it said.",
        encoding="utf-8",
    )
    reg = tmp_path / "r.sqlite"
    code, out, err = _cli(capsys, "ingest", str(p), "--json", "--commit", "--register", str(reg))
    assert code == 0, err
    d = json.loads(out)
    assert d["stored"]["added"] == 1
    assert any("no flight" in f for f in d["flags"]), d["flags"]
    with Register(reg) as r:
        ev = r.get(d["diff"]["rounds"][0]["key"])
    dumped = ev.model_dump(mode="python")
    assert all(math.isfinite(x) for x in _floats(dumped))
    la = ev.launches[0]
    assert la.reconstruction is None and la.distance == 916e3 and la.flight_time == 202 * 60
