"""Write the bad-input suite: every broken or hostile input kdeal must survive.

    python tests/data/make_bad.py [DEST]    # default: tests/data/bad/ (git-ignored)

Nothing here is a hand-made binary: each case is built from a seeded generator, and
`CASES` says what kdeal must do with it (`expect`): the ids it reads and the problems it
reports, as (line or None, words of the problem). The texts are written for these tests.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A deal sentence kdeal should read, written for the suite (not taken from any article).
DEAL = "(서울=연합뉴스) 김철수 기자 = 삼성전자가 미국 전장기업 하만을 80억달러에 인수한다고 14일 밝혔다."
BODY = (
    DEAL
    + " 인수 대금은 전액 현금으로 지급한다.\n\nkim@yna.co.kr\n무단 전재 및 재배포 금지\n"
)
PUBLISHED = "입력 2024.03.28 10:12\n"


@dataclass
class Case:
    """One bad (or awkward) input, how to write it, and what kdeal must do."""

    name: str  # file or folder name under DEST
    write: Callable[[Path], None]
    ids: list[str] | None = field(default_factory=list)  # ids read; None: see test
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line, words)
    note: str = ""  # what kdeal does, for the README of the suite
    root_can_read: bool = True  # False: the case means nothing when run as root


def text(
    body: str, encoding: str = "utf-8", bom: bytes = b""
) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(bom + body.encode(encoding))


def raw(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def jsonl(rows: list) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        lines = [
            r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows
        ]
        p.write_text("\n".join(lines) + "\n", "utf-8")

    return write


def random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def truncated_gz(p: Path) -> None:
    rows = [{"id": f"gz{i:03d}", "text": f"{DEAL} 기사 {i}번."} for i in range(200)]
    data = gzip.compress(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    )
    p.write_bytes(data[: len(data) * 2 // 3])  # cut inside the deflate stream


def unreadable(p: Path) -> None:
    p.write_text(PUBLISHED + BODY, "utf-8")
    p.chmod(0)


def symlink_loop(p: Path) -> None:
    p.mkdir()
    (p / "ok.txt").write_text(PUBLISHED + BODY, "utf-8")
    (p / "again").symlink_to(".", target_is_directory=True)  # a folder holding itself
    (p / "self.txt").symlink_to("self.txt")  # a file link pointing at itself


def giant_text(size: int = 2_000_000) -> str:
    """A page of `size` characters after the deal sentence, with no break at all."""
    sentence = "코스피가 외국인 매수에 힘입어 상승 마감했다.이날 반도체주가 강세였다."
    return DEAL + (sentence * (size // len(sentence) + 1))[:size]


def giant(p: Path) -> None:
    p.write_text(giant_text(), "utf-8")


def tiny_articles(p: Path) -> None:
    with p.open("w", encoding="utf-8") as f:
        for i in range(10_000):
            f.write(
                json.dumps(
                    {"id": f"tiny{i:05d}", "text": f"기사 {i}: 시장이 열렸다."},
                    ensure_ascii=False,
                )
                + "\n"
            )


def busy_articles(p: Path, n: int = 3000) -> None:
    """Articles that keep a run busy for several seconds (for interrupt tests)."""
    with p.open("w", encoding="utf-8") as f:
        for i in range(n):
            row = {"id": f"busy{i:05d}", "text": BODY * 4}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def quoted_csv(p: Path) -> None:
    p.write_text(
        "id,title,text,published\n"
        f'csv1,"삼성, 하만 인수","{DEAL}\n\n둘째 문단에 ""따옴표""가 있다.",2024-03-28\n'
        'csv2,,"LG전자가 1조원을 투자했다.\r\n끝.",\n'
        "csv3,,  ,2024-03-28\n",
        "utf-8",
        newline="",
    )


HTML = (
    "<html><head><style>p {color: red}</style><script>var x = '1조원';</script></head>"
    f'<body><p class="lead">{DEAL}</p><!-- 광고 --><p>투자&nbsp;규모는&#160;80억달러다.</p></body></html>'
)
MIXED = f"{PUBLISHED}😀 {DEAL} OpenAI·Anthropic·ソフトバンク·软银 🚀 Ωmega 投資 ẞ 🇰🇷\n"

# fmt: off
CASES = [
    Case("empty.txt", raw(b""), [], [(None, "empty text")], "reported, skipped"),
    Case("blank.txt", text(" \n\t\u00a0\u200b\r\n"), [], [(None, "empty text")], "reported, skipped"),
    Case("binary.txt", raw(random_bytes(4096, 1)), [], [(None, "binary file")], "reported, skipped"),
    Case("random.bin", raw(random_bytes(512, 2)), [], [(None, "not a .txt")], "not an input kind: reported, skipped"),
    Case("nul.txt", raw((PUBLISHED + DEAL).encode() + b"\x00\x00" + BODY.encode()), [],
         [(None, "binary file (NUL bytes)")], "NUL bytes mean binary: reported, skipped"),
    Case("truncated_utf8.txt", raw((PUBLISHED + BODY + "끝").encode()[:-1]), ["truncated_utf8"],
         [(None, "truncated UTF-8")], "text before the cut kept; reported"),
    Case("cp949.txt", text(PUBLISHED + BODY, "cp949"), ["cp949"], [], "decoded as CP949"),
    Case("euckr.txt", text(PUBLISHED + BODY, "euc_kr"), ["euckr"], [], "decoded as CP949 (EUC-KR superset)"),
    Case("utf16le.txt", text(PUBLISHED + BODY, "utf-16-le", b"\xff\xfe"), ["utf16le"], [], "BOM removed"),
    Case("utf16be.txt", text(PUBLISHED + BODY, "utf-16-be", b"\xfe\xff"), ["utf16be"], [], "BOM removed"),
    Case("utf8bom.txt", text(PUBLISHED + BODY, bom=b"\xef\xbb\xbf"), ["utf8bom"], [], "BOM removed"),
    Case("crlf.txt", text((PUBLISHED + BODY).replace("\n", "\r\n")), ["crlf"], [], "CRLF kept in the text"),
    Case("emoji.txt", text(MIXED), ["emoji"], [], "read as is"),
    Case("giant.txt", giant, ["giant"], [], "2 MB, one paragraph: read"),
    Case("html.txt", text(HTML), ["html"], [], "kept as is; clean masks tags and entities"),
    Case("tiny.jsonl", tiny_articles, [f"tiny{i:05d}" for i in range(10_000)], [], "10,000 articles"),
    Case("malformed.jsonl", jsonl([
        {"id": "mal1", "text": DEAL}, '{"id": "mal2", "text": "끝나지 않은', "", "[1, 2]",
        {"id": "mal3", "text": DEAL}, '{"id": "mal4", "text": "\\ud800 외톨이 서로게이트"}',
    ]), ["mal1", "mal3"],
        [(2, "malformed JSON"), (4, "not a JSON object"), (6, "lone surrogates")],
        "bad lines reported with their line; blank lines ignored"),
    Case("fields.jsonl", jsonl([
        {"id": "f1"}, {"id": "f2", "text": 12}, {"id": "f3", "text": None},
        {"text": DEAL}, {"id": 7, "text": DEAL}, {"id": "f6", "text": "   "},
        {"id": "f7", "text": DEAL, "title": ["x"]}, {"id": "f8", "text": DEAL, "source": 1},
    ]), ["f7", "f8"],
        [(1, "missing text"), (2, "text must be a string"), (3, "missing text"), (4, "missing id"),
         (5, "id must be a string"), (6, "empty text"), (7, "title must be a string")],
        "each record reported; a bad title is dropped, the article kept"),
    Case("dupes.jsonl", jsonl([
        {"id": "dup1", "text": DEAL}, {"id": "dup2", "text": DEAL},
        {"id": "dup1", "text": "다른 본문"}, {"id": "dup1", "text": DEAL},
    ]), ["dup1", "dup2"], [(3, "duplicate id 'dup1'"), (4, "duplicate id 'dup1'")],
        "first kept, each later one reported"),
    Case("badpub.jsonl", jsonl([
        {"id": "pub1", "text": DEAL, "published": "어제"},
        {"id": "pub2", "text": PUBLISHED + DEAL, "published": "2024-13-45"},
        {"id": "pub3", "text": DEAL, "published": 20240328},
        {"id": "pub4", "text": DEAL, "published": "2024-03-28"},
    ]), ["pub1", "pub2", "pub3", "pub4"],
        [(1, "bad published"), (2, "bad published"), (3, "bad published")],
        "reported; the article kept with its own date or --published"),
    Case("notext.csv", text("id,title,body\nn1,제목,본문\n"), [], [(1, "no text column")], "reported, skipped"),
    Case("quoted.csv", quoted_csv, ["csv1", "csv2"], [(7, "empty text")], "quoted newlines read"),
    Case("truncated.jsonl.gz", truncated_gz, None, [(None, "damaged after line")],
         "lines before the damage kept; reported"),
    Case("unreadable.txt", unreadable, [], [(None, "permission denied")], "reported, skipped",
         root_can_read=False),
    Case("loop", symlink_loop, ["ok"], [(None, "symlink loop"), (None, "symlink loop")],
         "each loop reported once; the folder's good file read"),
]
# fmt: on


def build(dest: Path) -> list[Case]:
    """Write every case under `dest` (emptied first); returns the cases."""
    dest.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        path = dest / case.name
        _remove(path)
        case.write(path)
    return CASES


def _remove(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    elif path.is_file():
        path.chmod(0o600)
        path.unlink()
    elif path.is_dir():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()


def good_texts() -> dict[str, str]:
    """The good documents of the suite, as plain UTF-8 .txt bodies, for a clean run."""
    return {"cp949": PUBLISHED + BODY, "utf8bom": PUBLISHED + BODY}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "bad"
    for case in build(target):
        print(f"{case.name:22} {case.note}")
    print(f"{len(CASES)} cases in {target}", file=sys.stderr)
