"""Ingest: every input form, encodings, publication dates, and each kind of bad input."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import InputError
from pipeline.ingest import decode, find_published, run

DEAL = "삼성전자가 하만을 80억달러에 인수한다고 14일 밝혔다."


def read(inputs, published=None):
    """(articles, errors as 'PATH[:LINE]: problem' strings relative to nothing)."""
    errors: list[InputError] = []
    articles = list(run([str(i) for i in inputs], published, errors.append))
    return articles, errors


def write_jsonl(path: Path, rows: list) -> Path:
    lines = [
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


# publication dates ----------------------------------------------------------------

# fmt: off
PUBLISHED_CASES = [
    # text                                                  date shown
    ("전효진 기자 2024. 9. 2. 15:34\n음성재생 설정\n" + DEAL,   date(2024, 9, 2)),
    ("닫기\n\n승인 : 2025. 11. 19. 12:31\n\n" + DEAL,           date(2025, 11, 19)),
    ("[한국경제 홍길동 기자] 입력 2024.03.28 10:12 " + DEAL,     date(2024, 3, 28)),
    (DEAL + " 기사입력 2024-03-28 오전 9:01",                    date(2024, 3, 28)),
    ("등록 2024-03-28 오후 3:12 " + DEAL,                       date(2024, 3, 28)),
    ("수정 2024.03.29 09:00 입력 2024.03.28 10:12 " + DEAL,      date(2024, 3, 29)),  # first marker wins
    ("최종수정 2024년 3월 29일 " + DEAL,                          date(2024, 3, 29)),
    ("이 기사는 2025년02월02일 07시00분에 먼저 표출됐다. " + DEAL, date(2025, 2, 2)),
    ("꿈달(caucasus) 2023. 2. 8.\n728x90\n\n" + DEAL,             date(2023, 2, 8)),
    (DEAL + "\n홍길동 기자 hong@example.com\n입력 2024/03/28",    date(2024, 3, 28)),
    # a date inside the body is not a publication date
    (DEAL + " 지수가 올랐다. 2024.9.20 hong@yna.co.kr",           None),
    (DEAL + " 2024년 9월 20일 열린 주총에서 의결됐다.",           None),
    ("04.27 (토)\n\n" + DEAL,                                     None),  # no year shown
    ("승인 2025. 2. 30. 12:31 " + DEAL,                           None),  # no such day
    ("입력 1899.03.28 " + DEAL,                                   None),  # not a news date
    ("",                                                          None),
]
# fmt: on


@pytest.mark.parametrize("text,expected", PUBLISHED_CASES)
def test_find_published(text, expected):
    assert find_published(text) == expected


def test_find_published_seeds(seeds):
    """Dates the seeds show in their chrome (000 shows month and day only)."""
    # fmt: off
    expected = {"000_5698dc089582840a": None, "001_cac76e6204dc4c4f": date(2024, 9, 2),
                "002_576a6ab392f80676": date(2025, 11, 19), "003_2f495812ab797c00": None,
                "004_11353e90e71c2746": date(2023, 2, 8)}
    # fmt: on
    assert {k: find_published(t) for k, t in seeds.items()} == expected


def test_find_published_dev_dump_agrees_when_it_speaks(dump_texts):
    """The dump bodies carry no byline dates; when a date is found it is the field's,
    or the earlier premium-service date (`이 기사는 ... 에 마켓인사이트`), never later."""
    found = {k: find_published(r["text"]) for k, r in dump_texts.items()}
    spoken = {k: d for k, d in found.items() if d is not None}
    assert 10 <= len(spoken) <= 60
    for k, d in spoken.items():
        field = date.fromisoformat(dump_texts[k]["published"])
        assert 0 <= (field - d).days <= 7, k


def test_publication_date_order(tmp_path):
    """Dump field, then the article's own date, then --published, else None."""
    dump = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "field", "text": "입력 2024.03.28 " + DEAL, "published": "2025-01-02"},
        {"id": "shown", "text": "입력 2024.03.28 " + DEAL},
        {"id": "given", "text": DEAL},
    ])  # fmt: skip
    articles, errors = read([dump], published=date(2020, 5, 5))
    assert [(a.doc_id, a.published) for a in articles] == [
        ("field", date(2025, 1, 2)), ("shown", date(2024, 3, 28)), ("given", date(2020, 5, 5)),
    ]  # fmt: skip
    assert errors == []
    assert read([dump])[0][2].published is None


# encodings ------------------------------------------------------------------------

TEXT = "입력 2024.03.28 10:12\r\n(서울=연합뉴스) 김철수 기자 = " + DEAL + "\n😀 끝"

# fmt: off
ENCODINGS = [
    # name        bytes
    ("utf8",      TEXT.encode("utf-8")),
    ("utf8-bom",  b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("utf16le",   b"\xff\xfe" + TEXT.encode("utf-16-le")),
    ("utf16be",   b"\xfe\xff" + TEXT.encode("utf-16-be")),
    ("utf32le",   b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le")),
]
KOREAN = [  # no emoji: CP949 cannot hold it
    ("cp949",     TEXT[:-3].encode("cp949")),
    ("euc-kr",    TEXT[:-3].encode("euc_kr")),
    ("cp949-ext", "똠방각하 뷁 ".encode("cp949") + TEXT[:-3].encode("cp949")),
    ("cp949-short", "투자".encode("cp949")),  # charset-normalizer alone says Big5
]
# fmt: on


@pytest.mark.parametrize("name,data", ENCODINGS)
def test_txt_encodings_keep_text_exactly(tmp_path, name, data):
    (tmp_path / f"{name}.txt").write_bytes(data)
    articles, errors = read([tmp_path / f"{name}.txt"])
    assert errors == []
    assert [(a.doc_id, a.text, a.published) for a in articles] == [
        (name, TEXT, date(2024, 3, 28))
    ]


@pytest.mark.parametrize("name,data", KOREAN)
def test_txt_cp949_euckr(tmp_path, name, data):
    (tmp_path / f"{name}.txt").write_bytes(data)
    articles, errors = read([tmp_path / f"{name}.txt"])
    assert errors == []
    assert articles[0].text == data.decode("cp949")


# fmt: off
BAD_TXT = [
    # bytes                                     problem starts with
    (b"",                                       "empty text"),
    (" \n\t\u00a0\u200b\ufeff".encode(),        "empty text"),
    (b"\xef\xbb\xbf",                           "empty text"),
    (os.urandom(0) + bytes(range(256)) * 8,     "binary file (NUL bytes)"),
    (DEAL.encode() + b"\x00" + DEAL.encode(),   "binary file (NUL bytes)"),
    (bytes(range(1, 32)) * 20,                  "binary file (control characters)"),
    (b"\xff\xfe" + "투자".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16-LE"),
    ("café naïve résumé".encode("latin-1"),     "not valid UTF-8 at byte 3, nor CP949/EUC-KR"),
]
# fmt: on


@pytest.mark.parametrize("data,problem", BAD_TXT)
def test_bad_txt_reported_and_skipped(tmp_path, data, problem):
    (tmp_path / "bad.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(DEAL, "utf-8")
    articles, errors = read([tmp_path / "bad.txt", tmp_path / "good.txt"])
    assert [a.doc_id for a in articles] == ["good"]
    assert [(e.path, e.line) for e in errors] == [(str(tmp_path / "bad.txt"), None)]
    assert errors[0].problem.startswith(problem), errors[0].problem


def test_truncated_utf8_keeps_text_before_the_cut(tmp_path):
    (tmp_path / "cut.txt").write_bytes((DEAL + "끝").encode()[:-2])
    articles, errors = read([tmp_path / "cut.txt"])
    assert [a.text for a in articles] == [DEAL]
    assert [e.problem for e in errors] == [
        f"truncated UTF-8 at byte {len(DEAL.encode())}: kept the text before it"
    ]


def test_decode_is_total_on_odd_bytes():
    for data in [b"\xef\xbb", b"\xfe", b"\xff\xfe\x00", b"\xc3", b"\x80" * 10]:
        text, problem, keep = decode(data)
        assert keep == (problem is None or problem.startswith("truncated")), data
        assert isinstance(text, str)


# dumps ------------------------------------------------------------------------------


def test_jsonl_reads_fields_and_reports_bad_lines(tmp_path):
    dump = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "a", "text": DEAL, "title": "제목", "published": "2024-03-28", "url": "x"},
        '{"id": "b", "text": "끝나지',
        "",
        "   ",
        "[1]",
        {"id": "c", "text": DEAL, "published": None, "title": None},
        '{"id": "d", "text": "\\udc80"}',
        '{"id": "e", "text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "f", "text": "' + "9" * 5000 + '"}',
        '{"id": "g", "text": 1' + "0" * 5000 + "}",
    ])  # fmt: skip
    articles, errors = read([dump])
    assert [(a.doc_id, a.title, a.published, a.origin) for a in articles] == [
        ("a", "제목", date(2024, 3, 28), f"{dump}:1"),
        ("c", None, None, f"{dump}:6"),
        ("f", None, None, f"{dump}:9"),
    ]  # fmt: skip
    assert [(e.line, e.problem.split(":")[0]) for e in errors] == [
        (2, "malformed JSON"), (5, "not a JSON object but list"),
        (7, "text holds undecodable bytes or lone surrogates"),
        (8, "malformed JSON"), (10, "malformed JSON"),
    ]  # fmt: skip


def test_jsonl_bom_crlf_and_cp949_lines(tmp_path):
    row = json.dumps({"id": "a", "text": DEAL}, ensure_ascii=False)
    other = json.dumps({"id": "b", "text": DEAL}, ensure_ascii=False)
    (tmp_path / "d.jsonl").write_bytes(
        b"\xef\xbb\xbf" + row.encode() + b"\r\n" + other.encode("cp949") + b"\r\n"
    )
    articles, errors = read([tmp_path / "d.jsonl"])
    assert [(a.doc_id, a.text) for a in articles] == [("a", DEAL), ("b", DEAL)]
    assert errors == []


def test_jsonl_gz_and_truncated_gz(tmp_path):
    rows = "".join(
        json.dumps({"id": f"r{i}", "text": f"{DEAL} {i}"}) + "\n" for i in range(300)
    )
    data = gzip.compress(rows.encode())
    (tmp_path / "whole.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "junk.jsonl.gz").write_bytes(b"not gzip at all\n")
    whole, errors = read([tmp_path / "whole.jsonl.gz"])
    assert [a.doc_id for a in whole] == [f"r{i}" for i in range(300)] and errors == []
    cut, errors = read([tmp_path / "cut.jsonl.gz"])
    assert 0 < len(cut) < 300
    assert [a.doc_id for a in cut] == [f"r{i}" for i in range(len(cut))]
    assert [e.line for e in errors] == [len(cut) + 1]
    assert errors[0].problem.startswith(f"damaged after line {len(cut)}")
    junk, errors = read([tmp_path / "junk.jsonl.gz"])
    assert junk == [] and [e.line for e in errors] == [1]


def test_stdin(monkeypatch):
    rows = [{"id": "s1", "text": DEAL}, "{", {"id": "s2", "text": DEAL}]
    data = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows).encode()
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    )
    articles, errors = read(["-"])
    assert [(a.doc_id, a.origin) for a in articles] == [
        ("s1", "<stdin>:1"),
        ("s2", "<stdin>:3"),
    ]
    assert [(e.path, e.line) for e in errors] == [("<stdin>", 2)]


# fmt: off
CSV_CASES = [
    # name, content, ids, (line, problem start)
    ("quoted", 'id,title,text,published\na,"제목, 쉼표","첫 줄\n\n""셋째"" 줄",2024-03-28\nb,,' + DEAL + ",\n",
     ["a", "b"], []),
    ("upper-header", "\ufeffID , TEXT\na," + DEAL + "\n", ["a"], []),
    ("no-text", "id,title,body\na,제목,본문\n", [], [(1, "no text column")]),
    ("no-id-text", "title\n제목\n", [], [(1, "no id or text column")]),
    ("empty", "", [], [(None, "empty CSV file")]),
    ("short-rows", "id,text,published\na\nb,,\nc," + DEAL + ",2024-02-30\n\n",
     ["c"], [(2, "missing text"), (3, "empty text"), (4, "bad published")]),
]
# fmt: on


@pytest.mark.parametrize("name,content,ids,problems", CSV_CASES)
def test_csv(tmp_path, name, content, ids, problems):
    (tmp_path / f"{name}.csv").write_text(content, "utf-8", newline="")
    articles, errors = read([tmp_path / f"{name}.csv"])
    assert [a.doc_id for a in articles] == ids
    assert [
        (e.line, e.problem[: len(p)])
        for e, (_, p) in zip(errors, problems, strict=True)
    ] == problems


def test_csv_quoted_newlines_keep_text_and_start_line(tmp_path):
    content = 'id,text\na,"첫 줄\r\n\r\n둘째 줄"\nb,' + DEAL + "\n"
    (tmp_path / "q.csv").write_bytes(content.encode())
    articles, _ = read([tmp_path / "q.csv"])
    assert [(a.text, a.origin.rsplit(":", 1)[1]) for a in articles] == [
        ("첫 줄\r\n\r\n둘째 줄", "2"),
        (DEAL, "5"),
    ]


def test_csv_cp949_utf16_and_giant_field(tmp_path):
    body = "id,text\na," + DEAL + "\n"
    (tmp_path / "k.csv").write_bytes(body.encode("cp949"))
    (tmp_path / "u.csv").write_bytes(body.replace("a,", "u,").encode("utf-16"))
    big = "가" * 2_000_000
    (tmp_path / "z.csv").write_text(f"id,text\nz,{big}\n", "utf-8")
    articles, errors = read(
        [tmp_path / "k.csv", tmp_path / "u.csv", tmp_path / "z.csv"]
    )
    assert [(a.doc_id, len(a.text)) for a in articles] == [
        ("a", len(DEAL)),
        ("u", len(DEAL)),
        ("z", 2_000_000),
    ]
    assert errors == []


def test_csv_undecodable_cell_is_one_record_error(tmp_path):
    (tmp_path / "x.csv").write_bytes(
        b"id,text\na," + DEAL.encode() + b"\nb,\xff\xfe\xfd\nc,ok\n"
    )
    articles, errors = read([tmp_path / "x.csv"])
    assert [a.doc_id for a in articles] == ["a", "c"]
    assert [(e.line, e.problem) for e in errors] == [
        (3, "text holds undecodable bytes or lone surrogates")
    ]


# folders, paths, duplicates ---------------------------------------------------------


def test_folder_order_and_duplicates(tmp_path):
    for rel in [
        "b/z.txt",
        "b/a.txt",
        "a.txt",
        "c.jsonl",
        ".hidden.txt",
        "README.md",
        "notes.md",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DEAL, "utf-8")
    write_jsonl(
        tmp_path / "c.jsonl", [{"id": "c1", "text": DEAL}, {"id": "z", "text": DEAL}]
    )
    (tmp_path / "x.bin").write_bytes(b"\x00\x01")
    articles, errors = read([tmp_path])
    rel = [
        Path(a.origin.split(":")[0]).relative_to(tmp_path).as_posix() for a in articles
    ]
    assert list(zip([a.doc_id for a in articles], rel, strict=True)) == [
        ("a", "a.txt"), ("z", "b/z.txt"), ("c1", "c.jsonl"),
    ]  # fmt: skip
    where = [
        (
            Path(e.path).relative_to(tmp_path).as_posix(),
            e.line,
            e.problem.split(" (")[0],
        )
        for e in errors
    ]
    assert where == [
        ("b/a.txt", None, "duplicate id 'a'"),
        ("c.jsonl", 2, "duplicate id 'z'"),
        ("x.bin", None, "not a .txt, .jsonl, .jsonl.gz or .csv file: skipped"),
    ]


def test_published_json_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(DEAL, "utf-8")
    (tmp_path / "b.txt").write_text("입력 2024.03.28 " + DEAL, "utf-8")
    (tmp_path / "c.txt").write_text(DEAL, "utf-8")
    (tmp_path / "published.json").write_text(
        json.dumps({"a": "2024-01-02", "b": None, "c": "soon"}), "utf-8"
    )
    articles, errors = read([tmp_path])
    assert [(a.doc_id, a.published) for a in articles] == [
        ("a", date(2024, 1, 2)), ("b", date(2024, 3, 28)), ("c", None),
    ]  # fmt: skip
    assert [e.problem for e in errors] == [
        "bad published 'soon' for 'c': want YYYY-MM-DD"
    ]
    single, _ = read([tmp_path / "a.txt"])
    assert single[0].published == date(2024, 1, 2)


def test_missing_paths_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    articles, errors = read(
        [
            tmp_path / "nope",
            tmp_path / "nope.txt",
            tmp_path / "nope.jsonl",
            tmp_path / "empty",
        ]
    )
    assert articles == []
    assert [e.problem for e in errors] == [
        "no such file or directory",
        "no such file or directory",
        "no such file or directory",
        "no .txt, .jsonl, .jsonl.gz or .csv file inside",
    ]


def test_symlink_loops(tmp_path):
    (tmp_path / "ok.txt").write_text(DEAL, "utf-8")
    (tmp_path / "loop").symlink_to(".", target_is_directory=True)
    (tmp_path / "self.txt").symlink_to("self.txt")
    (tmp_path / "dangling.txt").symlink_to("gone.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..", target_is_directory=True)
    articles, errors = read([tmp_path])
    assert [a.doc_id for a in articles] == ["ok"]
    assert sorted(
        (Path(e.path).relative_to(tmp_path).as_posix(), e.problem) for e in errors
    ) == [
        ("dangling.txt", "broken symlink"),
        ("loop", "symlink loop: skipped"),
        ("self.txt", "symlink loop"),
        ("sub/up", "symlink loop: skipped"),
    ]


def test_unreadable_file(tmp_path, monkeypatch):
    """Permissions: real when not root; root reads anything, so the OS error is simulated."""
    path = tmp_path / "locked.txt"
    path.write_text(DEAL, "utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:

        def deny(self):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", deny)
    articles, errors = read([path])
    assert articles == [] and [e.problem for e in errors] == ["permission denied"]


def test_unreadable_folder(tmp_path, monkeypatch):
    real = os.scandir

    def deny(path):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text(DEAL, "utf-8")
    monkeypatch.setattr(ingest.os, "scandir", deny)
    articles, errors = read([tmp_path])
    assert [a.doc_id for a in articles] == ["ok"]
    assert [(Path(e.path).name, e.problem) for e in errors] == [
        ("locked", "permission denied")
    ]


def test_duplicate_ids_across_inputs_keep_the_first(tmp_path):
    (tmp_path / "a1.txt").write_text(DEAL, "utf-8")
    write_jsonl(
        tmp_path / "d.jsonl",
        [{"id": "a1", "text": "다른 본문"}, {"id": "a2", "text": DEAL}],
    )
    articles, errors = read([tmp_path / "a1.txt", tmp_path / "d.jsonl"])
    assert [(a.doc_id, a.text) for a in articles] == [("a1", DEAL), ("a2", DEAL)]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'd.jsonl'}:1: duplicate id 'a1' (first read at {tmp_path / 'a1.txt'}): skipped"
    ]


def test_streams_one_article_at_a_time(tmp_path):
    """A dump is read lazily: the first article arrives before a later bad line is seen."""
    write_jsonl(
        tmp_path / "d.jsonl",
        [{"id": "a", "text": DEAL}, "{bad", {"id": "b", "text": DEAL}],
    )
    errors: list = []
    articles = run([str(tmp_path / "d.jsonl")], None, errors.append)
    assert next(articles).doc_id == "a" and errors == []
    assert next(articles).doc_id == "b" and [e.line for e in errors] == [2]


def test_default_sink_logs(tmp_path, caplog):
    (tmp_path / "e.txt").write_bytes(b"")
    with caplog.at_level("WARNING", logger="kdeal.ingest"):
        assert list(run([str(tmp_path / "e.txt")])) == []
    assert caplog.messages == [f"{tmp_path / 'e.txt'}: empty text"]


def test_error_line_format():
    assert (
        str(InputError("dump.jsonl", "malformed JSON", 3))
        == "dump.jsonl:3: malformed JSON"
    )


def test_bug_caught_utf16_csv_cut_mid_character(tmp_path):
    """Found by fuzzing: a UTF-16 CSV with an odd byte count raised UnicodeDecodeError."""
    (tmp_path / "cut.csv").write_bytes(
        b"\xff\xfe" + "id,text\na,투자\n".encode("utf-16-le") + b"$"
    )
    articles, errors = read([tmp_path / "cut.csv"])
    assert [a.doc_id for a in articles] == ["a"]
    assert [(e.line, e.problem.split(":")[0]) for e in errors] == [
        (3, "unreadable after line 2")
    ]
