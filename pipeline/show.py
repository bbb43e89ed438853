"""`kdeal show`: articles as one self-contained HTML page.

Per article: its text with ORG, MONEY and DATE mentions highlighted, the deal records
in a table beside it (each linked to its evidence sentence) and, when gold labels are
given, what differs from them. Inline CSS only, no script, no external asset: the
file opens anywhere, offline. Offsets index the text exactly; every character is
escaped, so `mark` contents read back as `text[start:end]`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from pipeline.errors import KdealError
from pipeline.records import Article, DealRecord, Entity, GoldFile, Money
from pipeline.score import field_errors, greedy_match, load_gold, nearest, strict_match

CSS = """
body{font:15px/1.6 system-ui,"Noto Sans CJK KR",sans-serif;margin:0;color:#222;background:#fafafa}
header.page,nav,section{margin:0 1.5em}
h1{font-size:1.3em;margin:.8em 0 .3em}
h2{font-size:1.1em;margin:1.2em 0 .3em;border-top:2px solid #ccc;padding-top:.6em}
.meta{color:#666;font-size:.85em}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.1fr);gap:1.5em;align-items:start}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;padding:1em;max-height:85vh;overflow:auto}
mark{border-radius:3px;padding:0 1px;background:none}
mark.ORG{background:#d6e9ff}
mark.MONEY{background:#d9f5d0}
mark.DATE{background:#ffe7c2}
mark.fp{outline:2px dashed #c0392b}
.ev{border-bottom:2px solid #b7a6e0}
.ev:target{background:#fff3a8}
table{border-collapse:collapse;font-size:.85em;background:#fff;width:100%}
th,td{border:1px solid #ddd;padding:2px 5px;vertical-align:top;text-align:left}
th{background:#eee}
tr.fp td{background:#fde2e0}
tr.tp td:first-child{background:#d9f5d0}
tr.fn td{background:#fff1c9}
.bad{color:#c0392b;font-weight:600}
tr.note td{color:#c0392b;border-top:none;font-size:.95em}
.legend mark{margin-right:.6em}
"""


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text to wrap: `tag` is the opening tag, `close` its end tag."""

    start: int
    end: int
    rank: int  # at equal offsets the lower rank opens first (is the outer element)
    tag: str
    close: str


# ---------------------------------------------------------------- text markup


def markup(text: str, spans: list[Span]) -> tuple[str, int]:
    """`text` escaped, with `spans` nested into it; spans that cross an open one are dropped.

    Returns the HTML and how many spans were dropped.

    >>> markup("a<b>c", [Span(1, 4, 1, "<i>", "</i>")])
    ('a<i>&lt;b&gt;</i>c', 0)
    >>> markup("abcd", [Span(0, 2, 0, "<u>", "</u>"), Span(1, 3, 1, "<i>", "</i>")])
    ('<u>ab</u>cd', 1)
    """
    out, stack, pos, dropped = [], [], 0, 0
    for s in sorted(spans, key=lambda s: (s.start, -s.end, s.rank)):
        while stack and stack[-1].end <= s.start:
            pos = _close(out, text, pos, stack.pop())
        if not 0 <= s.start <= s.end <= len(text) or (stack and s.end > stack[-1].end):
            dropped += 1
            continue
        out.append(escape(text[pos : s.start]) + s.tag)
        pos = s.start
        stack.append(s)
    while stack:
        pos = _close(out, text, pos, stack.pop())
    out.append(escape(text[pos:]))
    return "".join(out), dropped


def _close(out: list[str], text: str, pos: int, span: Span) -> int:
    out.append(escape(text[pos : span.end]) + span.close)
    return span.end


def _attr(value) -> str:
    return escape(str(value), quote=True)


def entity_span(e: Entity, fp: bool = False) -> Span:
    shown = e.canonical or e.value
    title = " · ".join(str(x) for x in (e.label, shown, e.currency, e.source) if x)
    cls = f"{e.label} fp" if fp else e.label
    tag = (
        f'<mark class="{cls}" data-start="{e.start}" data-end="{e.end}" '
        f'title="{_attr(title)}">'
    )
    return Span(e.start, e.end, 1, tag, "</mark>")


def evidence_spans(prefix: str, records: list[DealRecord]) -> list[Span]:
    """One anchor per distinct evidence sentence, named after its offsets."""
    seen: dict[tuple[int, int], list[int]] = {}
    for k, r in enumerate(records, 1):
        if r.evidence:
            seen.setdefault((r.evidence.start, r.evidence.end), []).append(k)
    return [_evidence_span(prefix, s, e, ks) for (s, e), ks in seen.items()]


def _evidence_span(prefix: str, start: int, end: int, records: list[int]) -> Span:
    tag = (
        f'<span class="ev" id="{prefix}-ev{start}-{end}" data-start="{start}" '
        f'data-end="{end}" title="records {", ".join(map(str, records))}">'
    )
    return Span(start, end, 0, tag, "</span>")


# ---------------------------------------------------------------- records


def short(value: float) -> str:
    """A large amount in a few characters.

    >>> short(2_750_000_000), short(3.76e12), short(5e5)
    ('2.75 bn', '3.76 tn', '500,000')
    """
    for unit, size in (("tn", 1e12), ("bn", 1e9), ("m", 1e6)):
        if abs(value) >= size:
            return f"{value / size:.3g} {unit}"
    return f"{value:,.0f}"


def _money(m: Money | None) -> str:
    if m is None:
        return ""
    return f'<span title="{_attr(m.text)}">{short(m.value)} {escape(m.currency)}</span>'


def _amount(r: DealRecord) -> str:
    """The amount as normalised, its flags, and the won and dollar figures below."""
    flags = [r.qualifier or "", "cumulative" if r.cumulative else ""]
    first = _money(r.amount) + "".join(f" [{f}]" for f in flags if f)
    other = [_money(r.amount_krw) if r.amount_krw else ""]
    other.append("" if r.amount_usd is None else f"{short(r.amount_usd)} USD")
    below = " · ".join(x for x in other if x)
    return first + (f"<br><small>{below}</small>" if below else "")


def _cells(r: DealRecord) -> list[str]:
    return [
        escape(r.deal_type),
        escape(", ".join(r.investors) or "–") + " → " + escape(r.target or "–"),
        _amount(r),
        escape(r.status),
        escape(r.date or r.date_text or ""),
        "" if r.confidence is None else f"{r.confidence:.2f}",
    ]


HEAD = ["#", "type", "investors → target", "amount", "status", "date", "conf", "ev."]


def _row(cls: str, cells: list[str]) -> str:
    return f'<tr class="{cls}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _note_row(note: str) -> str:
    span = len(HEAD) - 1
    return f'<tr class="note"><td></td><td colspan="{span}">{escape(note)}</td></tr>'


def record_rows(prefix: str, records: list[DealRecord], marks: dict) -> str:
    """Table rows; `marks` maps a record's index to a row class (tp, fp) and a note."""
    rows = []
    for k, r in enumerate(records, 1):
        cls, note = marks.get(k - 1, ("", ""))
        link = (
            f'<a href="#{prefix}-ev{r.evidence.start}-{r.evidence.end}" '
            f'title="{_attr(r.evidence.text)}">¶</a>'
            if r.evidence
            else ""
        )
        rows.append(_row(cls, [str(k), *_cells(r), link]))
        rows.append(_note_row(note) if note else "")
    return "".join(rows)


def table(prefix: str, records: list[DealRecord], marks: dict, extra: str = "") -> str:
    head = "".join(f"<th>{h}</th>" for h in HEAD)
    body = record_rows(prefix, records, marks) + extra
    if not body:
        body = f'<tr><td colspan="{len(HEAD)}">no deal records</td></tr>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# ---------------------------------------------------------------- gold


def compare(records: list[DealRecord], gold: GoldFile) -> tuple[dict, str, str]:
    """Row marks for the records, rows for missed gold deals, and a summary line."""
    pairs = greedy_match(records, gold.deals, strict_match)
    index = {id(r): k for k, r in enumerate(records)}
    marks = {index[id(p)]: _mark(p, g, gold.deals) for p, g in pairs}
    matched = [g for _, g in pairs if g is not None]
    missed = [g for g in gold.deals if not any(g is m for m in matched)]
    rows = "".join(_row("fn", ["gold", *_cells(g), "missed"]) for g in missed)
    n_tp = len(matched)
    summary = (
        f"gold: {len(gold.deals)} deals · strict matches {n_tp} · "
        f"false positives {len(records) - n_tp} · missed {len(missed)}"
    )
    return marks, rows, summary


def _mark(
    p: DealRecord, g: DealRecord | None, gold: list[DealRecord]
) -> tuple[str, str]:
    """Row class and note: no match (with the nearest gold deal), or the wrong fields."""
    if g is None:
        near = nearest(p, gold)
        return "fp", "no gold deal matches" + (
            f"; nearest: {_brief(near)}" if near else ""
        )
    wrong = [f"{f}: {_plain(getattr(p, f))}, gold {_plain(getattr(g, f))}"
             for f in field_errors(p, g)]  # fmt: skip
    return "tp", "; ".join(wrong)


def _plain(value) -> str:
    if isinstance(value, Money):
        return f"{value.text} ({short(value.value)} {value.currency})"
    return "null" if value is None else str(value)


def _brief(r: DealRecord) -> str:
    who = ", ".join(r.investors) or "–"
    return f"{r.deal_type} {who} → {r.target or '–'} {_plain(r.amount)}"


def entity_diff(entities: list[Entity], gold: GoldFile) -> tuple[list[bool], str]:
    """Which predicted spans have no exact gold span, and the gold spans not found."""
    gold_keys = {(e.label, e.start, e.end) for e in gold.entities}
    mine = {(e.label, e.start, e.end) for e in entities}
    fp = [(e.label, e.start, e.end) not in gold_keys for e in entities]
    missed = [e for e in gold.entities if (e.label, e.start, e.end) not in mine]
    items = "".join(
        f"<li>{e.label} {e.start}–{e.end} <q>{escape(e.text)}</q></li>" for e in missed
    )
    head = f"<summary>gold mentions not found ({len(missed)})</summary>"
    note = f"<details>{head}<ul>{items}</ul></details>" if missed else ""
    return fp, note


# ---------------------------------------------------------------- page


def article_section(i: int, art: Article, records: list, entities: list, gold) -> str:
    prefix = f"a{i}"
    marks, extra, summary, fp, ent_note = {}, "", "", [False] * len(entities), ""
    if gold is not None:
        marks, extra, summary = compare(records, gold)
        if gold.entities:
            fp, ent_note = entity_diff(entities, gold)
    spans = [entity_span(e, bad) for e, bad in zip(entities, fp, strict=True)]
    body, dropped = markup(art.text, spans + evidence_spans(prefix, records))
    meta = " · ".join(
        escape(str(x))
        for x in (art.published, art.origin, f"{len(art.text)} chars")
        if x
    )
    drop_note = f" · {dropped} overlapping spans not drawn" if dropped else ""
    return (
        f'<section id="{prefix}"><h2>{escape(art.doc_id)}'
        f"{' — ' + escape(art.title) if art.title else ''}</h2>"
        f'<p class="meta">{meta}{drop_note}</p>'
        f'<div class="cols"><div class="text" data-start="0" data-end="{len(art.text)}">'
        f"{body}</div><div>"
        f'<p class="meta">{escape(summary)}</p>{table(prefix, records, marks, extra)}'
        f"{ent_note}</div></div></section>"
    )


def index(articles: list, gold: dict[str, GoldFile]) -> str:
    """Links to each article, with its record count and, given gold, its matches."""
    items = "".join(
        f'<li><a href="#a{i}">{escape(a.doc_id)}</a> {escape(a.title or "")} '
        f'<span class="meta">({_counts(recs, gold.get(a.doc_id))})</span></li>'
        for i, (a, recs, _) in enumerate(articles)
    )
    return f"<nav><ol>{items}</ol></nav>"


def _counts(records: list[DealRecord], gold: GoldFile | None) -> str:
    n = len(records)
    text = f"{n} record{'' if n == 1 else 's'}"
    if gold is None:
        return text
    pairs = greedy_match(records, gold.deals, strict_match)
    matched = sum(g is not None for _, g in pairs)
    return f"{text}; gold {len(gold.deals)}, strict matches {matched}"


LEGEND = (
    '<p class="legend meta"><mark class="ORG">ORG</mark><mark class="MONEY">MONEY</mark>'
    '<mark class="DATE">DATE</mark><span class="ev">evidence</span> '
    "· dashed: no gold span · red row: no gold deal · yellow row: gold deal missed</p>"
)


def render_html(
    articles: list[tuple[Article, list[DealRecord], list[Entity]]],
    gold: dict[str, GoldFile] | None = None,
) -> str:
    """The whole page: an index when there are several articles, then one section each."""
    gold = gold or {}
    sections = "".join(
        article_section(i, a, recs, ents, gold.get(a.doc_id))
        for i, (a, recs, ents) in enumerate(articles)
    )
    nav = index(articles, gold) if len(articles) > 1 else ""
    title = articles[0][0].doc_id if len(articles) == 1 else f"{len(articles)} articles"
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>kdeal · {escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="page"><h1>kdeal · {escape(title)}</h1>{LEGEND}</header>'
        f"{nav}{sections}</body></html>\n"
    )


# ---------------------------------------------------------------- command


def analyse(inputs: list[str], published: date | None) -> list:
    """Run the pipeline and keep, per article, its records and its mentions."""
    from pipeline import Options, run_documents

    def report(err) -> None:
        print(f"kdeal: error: {err}", file=sys.stderr)

    opts = Options(published=published, entities=True, on_error=report)
    return [(w.article, w.records, w.entities) for w in run_documents(inputs, opts)]


def default_output(input: Path) -> Path:
    """INPUT's name without its suffixes, plus `.html`, in the current folder.

    >>> default_output(Path("dumps/dev-dump.jsonl.gz"))
    PosixPath('dev-dump.html')
    """
    return Path(input.name.split(".")[0] + ".html")


def main_show(
    input: Path, gold: Path | None = None, html: Path | None = None,
    published: date | None = None,
) -> int:  # fmt: skip
    """`kdeal show`: returns the exit status (1 when nothing could be shown)."""
    try:
        gold_files = {g.doc_id: g for g in load_gold(gold)} if gold else None
        articles = analyse([str(input)], published)
    except KdealError as e:
        print(f"kdeal: error: {e}", file=sys.stderr)
        return 1
    if not articles:
        print(f"kdeal: error: {input}: no article could be read", file=sys.stderr)
        return 1
    out = html or default_output(Path(input))
    out.write_text(render_html(articles, gold_files), "utf-8")
    print(f"{out}: {len(articles)} articles", file=sys.stderr)
    return 0
