"""`kdeal run --db PATH`: an SQLite store so that re-runs skip unchanged documents.

A document is keyed by its id and a hash of everything its records depend on: its
text, title and publication date, and the pipeline version (the package version,
kiwipiepy and spaCy versions, and the bytes of every pipeline and extractor module, data file and model).
Changing a cue in `cues.yaml` therefore invalidates every stored document, and an
edited article is recomputed while its unchanged neighbours are re-emitted.

Rows are committed per batch in WAL mode: a run killed at any point leaves only
whole rows, so the next run picks up where it stopped and ends with exactly the
records of an uninterrupted run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.records import Article, DealRecord, Entity
from pipeline.work import Work

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    doc_id   TEXT NOT NULL,
    hash     TEXT NOT NULL,
    records  TEXT NOT NULL,
    entities TEXT,
    PRIMARY KEY (doc_id, hash)
)
"""


@functools.cache
def pipeline_version() -> str:
    """A digest of what the records depend on besides the article itself."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for pkg in ("kdeal", "kiwipiepy", "kiwipiepy-model", "spacy"):
        try:
            h.update(f"{pkg}={version(pkg)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{pkg}=?\n".encode())
    # every module of the pipeline, not a chosen few: a new stage helper (coref)
    # must invalidate too; a change to the scorer costing one re-run is cheap
    files = sorted((ROOT / "pipeline").glob("*.py"))
    files += sorted((ROOT / "extractors").rglob("*"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def doc_hash(article: Article, version: str | None = None) -> str:
    """sha256 over the pipeline version and what the article gives the stages.

    >>> a = Article("d1", "삼성이 샀다.")
    >>> doc_hash(a, "v1") == doc_hash(Article("d2", "삼성이 샀다."), "v1")
    True
    >>> doc_hash(a, "v1") == doc_hash(a, "v2")
    False
    """
    version = version if version is not None else pipeline_version()
    h = hashlib.sha256()
    for part in (version, article.title or "", str(article.published), article.text):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


class Store:
    """Records and entities of processed documents, one row per (id, hash)."""

    def __init__(self, path: str | Path, version: str | None = None) -> None:
        self.version = version if version is not None else pipeline_version()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash loses no commit
        self.db.execute(SCHEMA)
        self._open = False

    def close(self) -> None:
        self.commit()
        self.db.close()

    def get(self, article: Article, entities: bool) -> Work | None:
        """The stored Work of an unchanged article, or None (entities when asked)."""
        row = self.db.execute(
            "SELECT records, entities FROM docs WHERE doc_id = ? AND hash = ?",
            (article.doc_id, doc_hash(article, self.version)),
        ).fetchone()
        if row is None or (entities and row[1] is None):
            return None
        w = Work(article)
        w.records = [DealRecord.model_validate(r) for r in json.loads(row[0])]
        if entities:
            w.entities = [Entity.model_validate(e) for e in json.loads(row[1])]
        return w

    def put(self, w: Work, entities: bool) -> None:
        """Store one processed Work inside the open batch transaction."""
        if not self._open:
            self.db.execute("BEGIN")
            self._open = True
        records = json.dumps(
            [r.model_dump(mode="json") for r in w.records], ensure_ascii=False
        )
        ents = (
            json.dumps(
                [e.model_dump(mode="json") for e in w.entities], ensure_ascii=False
            )
            if entities
            else None
        )
        self.db.execute(
            "DELETE FROM docs WHERE doc_id = ? AND hash != ?",
            (w.article.doc_id, doc_hash(w.article, self.version)),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?)",
            (w.article.doc_id, doc_hash(w.article, self.version), records, ents),
        )

    def commit(self) -> None:
        if self._open:
            self.db.execute("COMMIT")
            self._open = False

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]


Engine = Callable[[Iterable[Article]], Iterator[Work]]


def through_store(
    articles: Iterable[Article],
    store: Store,
    engine: Engine,
    entities: bool,
    batch_size: int,
) -> Iterator[Work]:
    """Stored documents re-emitted, the others run through `engine`, in input order.

    The engine may read ahead of what it yields; documents found in the store wait
    in a queue until every document before them has come out of the engine.
    """
    queue: deque[tuple[Article, Work | None]] = deque()

    def todo() -> Iterator[Article]:
        for a in articles:
            hit = store.get(a, entities)
            queue.append((a, hit))
            if hit is None:
                yield a

    for done, w in enumerate(engine(todo()), 1):
        while queue and queue[0][1] is not None:
            yield queue.popleft()[1]
        article, _ = queue.popleft()
        if article is not w.article and article.doc_id != w.article.doc_id:
            raise RuntimeError(f"engine out of order: {w.article.doc_id}")
        store.put(w, entities)
        if done % batch_size == 0:
            store.commit()
        yield w
    store.commit()
    while queue:
        yield queue.popleft()[1]
