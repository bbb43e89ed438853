"""Stage 1: input paths -> Articles, one at a time, whatever the crawler left behind.

Inputs (CLI.md, `kdeal run`):

- `.txt`: one article; `doc_id` is the file stem. Encoding, in order: a BOM (UTF-8,
  UTF-16, UTF-32), strict UTF-8 (cheap and almost always right), then
  charset-normalizer, accepted only when it finds CP949/EUC-KR; EUC-KR is read as CP949,
  its superset. The text is kept exactly as decoded, CRLF included; only a BOM goes.
- `.jsonl`, `.jsonl.gz` and `-` (JSONL on stdin): one object a line with `id` and
  `text`, optional `title` and `published`. Read line by line, never whole.
- `.csv`: a header naming at least `id` and `text`; quoted newlines allowed; UTF-8 (BOM
  or not), UTF-16 with BOM or CP949, sniffed from the first 64 KB.
- a folder: the files above inside it, recursively, in sorted path order. Hidden files,
  `README*`, `*.md` and the folder's `published.json` are skipped silently; any other
  file is reported (nothing is dropped without a word). `published.json`, when present,
  maps `doc_id` to `YYYY-MM-DD` for the `.txt` files beside it, like a dump's field.

Publication date, in order: the dump's `published` (or the folder's `published.json`),
else `find_published(text)`, else the `published` argument, else None.

Bad input never stops the batch: each bad file, line or record goes to `on_error` as one
`InputError(path, problem, line)` and the next one is read. Decisions:

- empty or whitespace-only text, binary files (NUL bytes or control characters),
  undecodable bytes, lone surrogates, malformed JSON, a non-object line, a missing or
  non-string `id`/`text`: the record is skipped and reported;
- a bad `published` (not `YYYY-MM-DD`): reported, the field ignored, the article kept
  with the next date in the order above;
- a non-string `title`: reported, the title dropped, the article kept;
- duplicate ids (across all inputs): the first is kept, each later one reported;
- a truncated `.gz`: the lines read before the damage are kept, the damage reported;
- a `.txt` cut inside its last UTF-8 character: the text before it is kept, reported;
- HTML: kept as it is (offsets index the text as given); `clean` masks tags and
  entities so they never yield records;
- unreadable files, symlink loops, missing paths: reported.
"""

from __future__ import annotations

import codecs
import csv
import errno
import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import regex

from pipeline.errors import InputError
from pipeline.records import Article

log = logging.getLogger("kdeal.ingest")

ErrorSink = Callable[[InputError], None]
STDIN = "-"
STDIN_NAME = "<stdin>"
SUFFIXES = (".jsonl.gz", ".jsonl", ".csv", ".txt")
SIDECAR = "published.json"
KOREAN_CODECS = {"cp949", "euc_kr", "johab", "iso2022_kr"}
BOMS = [  # longest first: a UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
SNIFF_BYTES = 1 << 16
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # not str.isspace(), yet blank
CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
ISO_DATE = regex.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9:.+\-Z]*)?")


def log_error(err: InputError) -> None:
    """Default sink: a warning per bad item; the CLI passes its own."""
    log.warning("%s", err)


def run(
    inputs: Iterable[str],
    published: date | None = None,
    on_error: ErrorSink = log_error,
) -> Iterator[Article]:
    """Every readable article of `inputs`, in input order, streamed.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("입력 2024.03.28 10:12 아마존이 투자했다.", "utf-8")
    >>> _ = (d / "b.txt").write_text("  ", "utf-8")
    >>> [(a.doc_id, a.published) for a in run([str(d)], on_error=lambda e: print(e.problem))]
    empty text
    [('a', datetime.date(2024, 3, 28))]
    """
    seen: dict[str, str] = {}  # id -> where it was first read; one entry per article
    for article, path, line in _read_all(inputs, on_error):
        first = seen.get(article.doc_id)
        if first is not None:
            on_error(
                InputError(
                    path,
                    f"duplicate id {article.doc_id!r} (first read at {first}): skipped",
                    line,
                )
            )
            continue
        seen[article.doc_id] = article.origin
        if article.published is None:
            article.published = find_published(article.text) or published
        yield article


Item = tuple[Article, str, int | None]


def _read_all(inputs: Iterable[str], on_error: ErrorSink) -> Iterator[Item]:
    sidecars = Sidecars(on_error)
    for name in inputs:
        if name == STDIN:
            yield from _read_jsonl(_stdin_lines(), STDIN_NAME, on_error)
        elif os.path.isdir(name):
            yield from _read_folder(Path(name), on_error, sidecars)
        else:
            yield from _read_path(Path(name), on_error, sidecars)


def _stdin_lines() -> Iterator[bytes | str]:
    return iter(getattr(sys.stdin, "buffer", sys.stdin))


def kind_of(path: Path) -> str | None:
    """The input kind a file name says, or None.

    >>> kind_of(Path("dump.JSONL.gz")), kind_of(Path("a.txt")), kind_of(Path("a.gz"))
    ('.jsonl.gz', '.txt', None)
    """
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), None)


def _read_path(path: Path, on_error: ErrorSink, sidecars: Sidecars) -> Iterator[Item]:
    kind = kind_of(path)
    if kind is None:
        problem = (
            _os_problem(path) or "not a .txt, .jsonl, .jsonl.gz or .csv file: skipped"
        )
        on_error(InputError(str(path), problem))
    elif kind == ".txt":
        yield from _read_txt(path, on_error, sidecars)
    else:
        yield from _read_dump(path, kind, on_error)


def _os_problem(path: Path) -> str | None:
    """Why a path cannot be opened at all, if it cannot."""
    try:
        os.stat(path)
    except OSError as e:
        return _reason(e)
    return None


def _reason(e: BaseException) -> str:
    """An OSError as a short lower-case phrase: 'permission denied', 'symlink loop'."""
    if isinstance(e, OSError) and e.errno is not None:
        if e.errno == errno.ELOOP:
            return "symlink loop"
        if e.filename is not None and os.path.islink(e.filename) and e.errno == 2:
            return "broken symlink"
        return (e.strerror or str(e)).lower()
    return str(e) or type(e).__name__


# folders -------------------------------------------------------------------------


def _read_folder(
    folder: Path, on_error: ErrorSink, sidecars: Sidecars
) -> Iterator[Item]:
    count = 0
    for path in _walk(folder, on_error, frozenset(), set()):
        count += 1
        yield from _read_path(path, on_error, sidecars)
    if count == 0:
        on_error(
            InputError(str(folder), "no .txt, .jsonl, .jsonl.gz or .csv file inside")
        )


def _walk(
    folder: Path, on_error: ErrorSink, ancestors: frozenset, visited: set
) -> Iterator[Path]:
    """Files to read under `folder`, in sorted path order; symlinked folders followed once."""
    try:
        key = _inode(folder)
    except OSError as e:
        on_error(InputError(str(folder), _reason(e)))
        return
    if key in ancestors:
        on_error(InputError(str(folder), "symlink loop: skipped"))
        return
    if key in visited:  # the same folder reached again through a symlink: read once
        return
    visited.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        on_error(InputError(str(folder), _reason(e)))
        return
    for entry in entries:
        path = Path(entry.path)
        if _skipped_silently(entry.name):
            continue
        if _is_dir(entry):
            yield from _walk(path, on_error, ancestors | {key}, visited)
        else:
            yield path  # unknown kinds and broken links are reported by _read_path


def _skipped_silently(name: str) -> bool:
    lower = name.lower()
    return (
        name.startswith(".")
        or lower == SIDECAR
        or lower.startswith("readme")
        or lower.endswith(".md")
    )


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _inode(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


class Sidecars:
    """`published.json` beside .txt files: doc_id -> YYYY-MM-DD, read once per folder."""

    def __init__(self, on_error: ErrorSink) -> None:
        self.on_error = on_error
        self.tables: dict[Path, dict[str, date]] = {}

    def published(self, txt: Path) -> date | None:
        folder = txt.parent
        if folder not in self.tables:
            self.tables[folder] = self._load(folder / SIDECAR)
        return self.tables[folder].get(txt.stem)

    def _load(self, path: Path) -> dict[str, date]:
        if not path.is_file():
            return {}
        try:
            table = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (OSError, ValueError, RecursionError) as e:
            self.on_error(InputError(str(path), f"unreadable: {_reason(e)}"))
            return {}
        if not isinstance(table, dict):
            self.on_error(
                InputError(str(path), "not a JSON object of doc_id -> YYYY-MM-DD")
            )
            return {}
        return {
            k: d
            for k, v in table.items()
            if (d := _sidecar_date(path, k, v, self.on_error))
        }


def _sidecar_date(path: Path, key: str, value, on_error: ErrorSink) -> date | None:
    if value is None:
        return None
    d = parse_published(value)
    if d is None:
        on_error(
            InputError(
                str(path), f"bad published {value!r} for {key!r}: want YYYY-MM-DD"
            )
        )
    return d


# .txt ----------------------------------------------------------------------------


def _read_txt(path: Path, on_error: ErrorSink, sidecars: Sidecars) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as e:
        on_error(InputError(str(path), _reason(e)))
        return
    text, problem, keep = decode(data)
    if problem:
        on_error(InputError(str(path), problem))
    if not keep:
        return
    if is_blank(text):
        on_error(InputError(str(path), "empty text"))
        return
    origin = str(path)
    yield Article(path.stem, text, sidecars.published(path), None, origin), origin, None


def decode(data: bytes) -> tuple[str, str | None, bool]:
    """(text, problem, keep) for the bytes of one text file.

    >>> decode("\\ufeff투자".encode("utf-8"))
    ('투자', None, True)
    >>> decode("투자".encode("utf-16"))[0]
    '투자'
    >>> decode("삼성전자가 하만을 인수했다".encode("cp949"))
    ('삼성전자가 하만을 인수했다', None, True)
    >>> decode("투자".encode("utf-8")[:-1])
    ('투', 'truncated UTF-8 at byte 3: kept the text before it', True)
    >>> decode(b"\\x00\\x01\\x02abc")[1:]
    ('binary file (NUL bytes)', False)
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec)
    if b"\x00" in data:
        return "", "binary file (NUL bytes)", False
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":  # cut mid-character at the very end
            text = data[: e.start].decode("utf-8")
            return (
                text,
                f"truncated UTF-8 at byte {e.start}: kept the text before it",
                True,
            )
        utf8_error = e
    return _decode_korean(data, utf8_error)


def _decode_strict(data: bytes, codec: str) -> tuple[str, str | None, bool]:
    try:
        return _checked(data.decode(codec))
    except UnicodeDecodeError as e:
        return "", f"not valid {codec.upper()} at byte {e.start}", False


def _decode_korean(
    data: bytes, utf8_error: UnicodeDecodeError
) -> tuple[str, str | None, bool]:
    """CP949/EUC-KR as charset-normalizer sees it; anything else is undecodable."""
    from charset_normalizer import from_bytes  # lazy: only non-UTF-8 files pay

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if (
        guess in KOREAN_CODECS
        or (guess is None or guess.startswith("big5"))
        and _looks_korean(data)
    ):
        return _decode_strict(data, "cp949")
    said = f"; charset-normalizer guesses {guess}" if guess else ""
    problem = f"not valid UTF-8 at byte {utf8_error.start}, nor CP949/EUC-KR{said}"
    return "", problem, False


def _looks_korean(data: bytes) -> bool:
    """Short CP949 files fool charset-normalizer (투자 reads as Big5): check Hangul."""
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    hangul = sum("\uac00" <= c <= "\ud7a3" for c in wide)
    return bool(wide) and hangul >= 0.8 * len(wide)


def _checked(text: str) -> tuple[str, str | None, bool]:
    """Refuse decoded text that is mostly control characters: a binary file."""
    controls = len(CONTROL.findall(text[:SNIFF_BYTES]))
    if "\x00" in text or controls > max(2, len(text[:SNIFF_BYTES]) // 100):
        return "", "binary file (control characters)", False
    return text, None, True


def is_blank(text: str) -> bool:
    """True for text holding only spaces, NBSP, zero-width spaces or BOMs.

    >>> is_blank(" \\u00a0\\u200b\\n\\x1c"), is_blank(" 가 ")
    (True, False)
    """
    return all(c.isspace() or c in ZERO_WIDTH for c in text)


# dumps ---------------------------------------------------------------------------


def _read_dump(path: Path, kind: str, on_error: ErrorSink) -> Iterator[Item]:
    try:
        f = gzip.open(path, "rb") if kind == ".jsonl.gz" else open(path, "rb")  # noqa: SIM115
    except OSError as e:
        on_error(InputError(str(path), _reason(e)))
        return
    with f:
        if kind == ".csv":
            yield from _read_csv(f, str(path), on_error)
        else:
            yield from _read_jsonl(_lines(f, str(path), on_error), str(path), on_error)


def _lines(f, path: str, on_error: ErrorSink) -> Iterator[bytes]:
    """The lines of a binary file; damage (a truncated .gz) ends them with one report."""
    n = 0
    try:
        for n, raw in enumerate(f, 1):  # noqa: B007
            yield raw
    except (OSError, EOFError, zlib.error) as e:
        on_error(
            InputError(
                path,
                f"damaged after line {n}: {_reason(e)}; kept the lines before",
                n + 1,
            )
        )


def _read_jsonl(
    lines: Iterable[bytes | str], path: str, on_error: ErrorSink
) -> Iterator[Item]:
    for n, raw in enumerate(lines, 1):
        try:
            obj = _json_line(raw, first=n == 1)
        except ValueError as e:
            on_error(InputError(path, str(e), n))
            continue
        if obj is not None:
            yield from _record(obj, path, n, on_error)


def _json_line(raw: bytes | str, first: bool) -> dict | None:
    """One JSONL line as a dict; None for a blank line; ValueError says what is wrong."""
    line = (raw if isinstance(raw, str) else _decode_line(raw)).rstrip("\r\n")
    if first:
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"malformed JSON: {e.msg} (column {e.colno})") from None
    except ValueError as e:  # an integer too long to convert, and the like
        raise ValueError(f"malformed JSON: {e}") from None
    if not isinstance(obj, dict):
        raise ValueError(f"not a JSON object but {type(obj).__name__}")
    return obj


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        try:
            return raw.decode("cp949")  # a dump re-saved by a Korean Windows tool
        except UnicodeDecodeError:
            raise ValueError(f"not valid UTF-8 at byte {e.start} of the line") from None


def _record(obj: dict, path: str, line: int, on_error: ErrorSink) -> Iterator[Item]:
    """One dump record as an Article, or a report of why it cannot be one."""
    try:
        doc_id = _required(obj, "id")
        text = _required(obj, "text")
    except ValueError as e:
        on_error(InputError(path, str(e), line))
        return
    title = _optional_title(obj.get("title"), path, line, on_error)
    published = _field_published(obj.get("published"), path, line, on_error)
    origin = f"{path}:{line}"
    yield Article(doc_id, text, published, title, origin), path, line


def _required(obj: dict, key: str) -> str:
    value = obj.get(key)
    if value is None:
        raise ValueError(f"missing {key}")
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {type(value).__name__}")
    if is_blank(value):
        raise ValueError(f"empty {key}")
    if not _encodable(value):
        raise ValueError(f"{key} holds undecodable bytes or lone surrogates")
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _optional_title(value, path: str, line: int, on_error: ErrorSink) -> str | None:
    if value is None or (isinstance(value, str) and _encodable(value)):
        return value or None
    on_error(
        InputError(
            path, f"title must be a string, not {type(value).__name__}: dropped", line
        )
    )
    return None


def _field_published(value, path: str, line: int, on_error: ErrorSink) -> date | None:
    if value is None or value == "":
        return None
    d = parse_published(value)
    if d is None:
        problem = f"bad published {str(value)[:40]!r}: want YYYY-MM-DD; used the article's own date or --published"
        on_error(InputError(path, problem, line))
    return d


def parse_published(value) -> date | None:
    """A dump's `published` as a date; a time part is allowed and dropped.

    >>> parse_published("2025-02-03"), parse_published("2025-02-03 09:12:00")
    (datetime.date(2025, 2, 3), datetime.date(2025, 2, 3))
    >>> parse_published("2025-02-30"), parse_published(20250203), parse_published("어제")
    (None, None, None)
    """
    if not isinstance(value, str):
        return None
    m = ISO_DATE.fullmatch(value.strip())
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# .csv ----------------------------------------------------------------------------

CSV_FIELD_LIMIT = 1 << 28  # a 2 MB article is one field; the default stops at 128 KB


def _read_csv(f, path: str, on_error: ErrorSink) -> Iterator[Item]:
    head = f.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(f, "peek") else b""
    codec = sniff_codec(head)
    text = io.TextIOWrapper(f, encoding=codec, errors="surrogateescape", newline="")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(text)
    columns = _csv_header(reader, path, on_error)
    if columns is None:
        return
    yield from _csv_rows(reader, columns, path, on_error)


def sniff_codec(head: bytes) -> str:
    """The codec of a CSV dump from its first bytes.

    >>> sniff_codec("id,text\\n1,투자".encode("cp949")), sniff_codec(b"id,text")
    ('cp949', 'utf-8-sig')
    """
    for bom, codec in BOMS:
        if head.startswith(bom):
            return (
                "utf-16"
                if codec.startswith("utf-16")
                else "utf-8-sig"
                if codec == "utf-8"
                else codec
            )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp949")().decode(head, final=False)
        return "cp949"
    except UnicodeDecodeError:
        return "utf-8-sig"  # bad bytes become per-record errors


def _csv_header(reader, path: str, on_error: ErrorSink) -> dict[str, int] | None:
    try:
        header = next(reader)
    except StopIteration:
        on_error(InputError(path, "empty CSV file"))
        return None
    except (csv.Error, OSError, EOFError, UnicodeError) as e:
        on_error(InputError(path, f"unreadable CSV header: {_reason(e)}", 1))
        return None
    columns = {name.strip().strip("\ufeff").lower(): i for i, name in enumerate(header)}
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        found = ", ".join(list(columns)[:8]) or "nothing"
        on_error(
            InputError(
                path,
                f"no {' or '.join(missing)} column in the CSV header (found: {found})",
                1,
            )
        )
        return None
    return columns


def _csv_rows(
    reader, columns: dict[str, int], path: str, on_error: ErrorSink
) -> Iterator[Item]:
    while True:
        # where the record starts: quoted newlines make a record span lines
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            on_error(InputError(path, f"malformed CSV: {e}", line))
            continue
        except (
            OSError,
            EOFError,
            UnicodeError,
        ) as e:  # a UTF-16 dump cut mid-character
            problem = f"unreadable after line {line - 1}: {_reason(e)}"
            on_error(InputError(path, problem, line))
            return
        if any(cell.strip() for cell in row):
            obj = {k: row[i] for k, i in columns.items() if i < len(row)}
            yield from _record(obj, path, line, on_error)


# publication dates shown in the article ------------------------------------------

_DATE = (
    r"(?<![0-9])(?P<y>(?:19|20)[0-9][0-9])(?:"
    r"\s*[.\-/]\s*(?P<m>[0-9]{1,2})\s*[.\-/]\s*(?P<d>[0-9]{1,2})(?![0-9])\.?"
    r"|\s*년\s*(?P<m>[0-9]{1,2})\s*월\s*(?P<d>[0-9]{1,2})\s*일)"
)
_CLOCK = r"\s*(?:\(\w\)\s*)?(?:오전|오후|AM|PM|am|pm)?\s*(?:[0-9]{1,2}:[0-9]{2}|[0-9]{1,2}시\s*[0-9]{1,2}분)"
_MARKER = (
    r"(?:최초\s*|최종\s*)?(?:기사\s*)?(?:입력|승인|등록|수정|발행|송고|게재|작성|업데이트|"
    r"Posted|Updated|Published|Date)(?:\s*일시|\s*일)?\s*[:：|]?\s*"
    r"|이 기사는\s*|[가-힣]{2,4}\s?(?:기자|특파원|논설위원|객원기자)\s*[|·]?\s*"
)
# byline or 입력/승인/등록/수정 marker then a date: the page says when it was published
MARKED = regex.compile(rf"(?:{_MARKER}){_DATE}", regex.IGNORECASE)
# a date with a clock time near the top or bottom of the page: a byline timestamp
TIMED = regex.compile(rf"{_DATE}{_CLOCK}")
# a line that ends with a date near the top: a blog or portal byline (`필자 2023. 2. 8.`)
LINE_END = regex.compile(rf"(?m)^[^\n]{{0,30}}?{_DATE}[ \t]*$")
EDGE = 600  # characters at the head and the foot of the page where bylines live


def find_published(text: str) -> date | None:
    """The publication date an article shows in its own byline or chrome, if any.

    Marked dates come first (입력, 승인, 등록, 수정, a byline), then a date with a clock
    time, then a date ending a short line, these two only at the head or the foot of
    the page. A bare date inside the body (a photo caption) is not a publication date.

    >>> find_published("전효진 기자 2024. 9. 2. 15:34\\n음성재생 설정")
    datetime.date(2024, 9, 2)
    >>> find_published("하만주 특파원\\n\\n승인 : 2025. 11. 19. 12:31\\n본문")
    datetime.date(2025, 11, 19)
    >>> find_published("본문이다. 입력 2024.03.28 10:12 수정 2024.03.29 09:00")
    datetime.date(2024, 3, 28)
    >>> find_published("기사입력 2024-03-28 본문"), find_published("등록 2024-03-28 오후 3:12")
    (datetime.date(2024, 3, 28), datetime.date(2024, 3, 28))
    >>> find_published("이 기사는 2025년02월02일 07시00분에 표출됐다")
    datetime.date(2025, 2, 2)
    >>> find_published("꿈달(caucasus) 2023. 2. 8.\\n728x90\\n본문")
    datetime.date(2023, 2, 8)
    >>> find_published("지수가 올랐다. 2024.9.20 hong@yna.co.kr 다음 기사") is None
    True
    >>> find_published("승인 2025. 2. 30. 12:31") is None  # no such day
    True
    """
    head, foot = text[:EDGE], text[-EDGE:]
    for rx, zones in ((MARKED, (text,)), (TIMED, (head, foot)), (LINE_END, (head,))):
        for zone in zones:
            for m in rx.finditer(zone):
                found = _valid_date(m)
                if found is not None:
                    return found
    return None


def _valid_date(m: regex.Match) -> date | None:
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
