"""HTML view: highlighted spans slice back to the article, links resolve, page stands alone."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import pipeline.show as show
from pipeline.records import Article, DealRecord, Entity, Evidence, GoldFile, Money
from pipeline.show import render_html

SHARED = Path(__file__).parents[2] / ".." / "shared"
CHROMIUM = Path("/usr/bin/chromium")
PAGE_TAGS = set(
    [
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "p",
        "nav",
        "ol",
        "ul",
        "li",
        "a",
        "q",
        "section",
        "div",
        "span",
        "mark",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "details",
        "summary",
    ]
)

# invented text; the markup-like characters check escaping
TEXT = "아마존은 <앤스로픽>에 27억5000만달러 & 더 투자했다.\n구글은 지난 3월 20억달러를 투자할 계획이다."


class Spans(HTMLParser):
    """Text inside every element carrying data-start/data-end, plus ids and links."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict | None] = []
        self.spans: list[dict] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.section = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "section":
            self.section = a["id"]
        if tag in self.VOID:
            return
        span = None
        if "data-start" in a:
            span = {
                "tag": tag,
                "cls": a.get("class", ""),
                "text": "",
                "in": self.section,
            }
            span |= {"start": int(a["data-start"]), "end": int(a["data-end"])}
            self.spans.append(span)
        self.stack.append(span)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.stack.pop()

    def handle_data(self, data):
        for span in self.stack:
            if span is not None:
                span["text"] += data


def parse(html: str) -> Spans:
    p = Spans()
    p.feed(html)
    assert not p.stack, "every element closed"
    return p


def span_of(text: str, part: str, label: str, **kw) -> Entity:
    start = text.index(part)
    return Entity(label=label, start=start, end=start + len(part), text=part, **kw)


def sentence(text: str, i: int) -> Evidence:
    start = sum(len(s) + 1 for s in text.split("\n")[:i])
    line = text.split("\n")[i]
    return Evidence(start=start, end=start + len(line), text=line)


def usd(v: float, text: str) -> Money:
    return Money(value=v, currency="USD", text=text)


ENTITIES = [
    span_of(TEXT, "아마존", "ORG", canonical="Amazon", source="org:alias"),
    span_of(TEXT, "앤스로픽", "ORG", canonical="Anthropic", source="org:alias"),
    span_of(TEXT, "27억5000만달러", "MONEY", value=2.75e9, currency="USD"),
    span_of(TEXT, "구글", "ORG", canonical="Google"),
    span_of(TEXT, "지난 3월", "DATE", value="2024-03"),
    span_of(TEXT, "20억달러", "MONEY", value=2e9, currency="USD"),
    span_of(TEXT, "3월 20억", "MONEY"),  # crosses two others: cannot be drawn
]
RECORDS = [
    DealRecord(doc_id="t1", deal_type="investment", investors=["Amazon"], target="Anthropic",
               amount=usd(2.75e9, "27억5000만달러"), status="completed",
               evidence=sentence(TEXT, 0), confidence=0.9),
    DealRecord(doc_id="t1", deal_type="investment", investors=["Google"], target="Anthropic",
               amount=usd(2e9, "20억달러"), status="planned", date="2024-03",
               evidence=sentence(TEXT, 1), confidence=0.4),
    DealRecord(doc_id="t1", deal_type="capex", investors=["Google"], amount=usd(2e9, "20억달러"),
               evidence=sentence(TEXT, 1), confidence=0.2),
]  # fmt: skip
ARTICLE = Article("t1", TEXT, None, "헤드라인 <b>", "t1.txt")


def test_highlights_slice_back_to_the_text():
    html = render_html([(ARTICLE, RECORDS, ENTITIES)])
    spans = parse(html).spans
    marks = [s for s in spans if s["tag"] == "mark"]
    assert len(marks) == 6  # the crossing span is left out, and said so
    assert "1 overlapping spans not drawn" in html
    for s in spans:
        assert s["text"] == TEXT[s["start"] : s["end"]]
    assert {s["cls"] for s in marks} == {"ORG", "MONEY", "DATE"}
    whole = [s for s in spans if s["cls"] == "text"]
    assert [s["text"] for s in whole] == [TEXT]
    evidence = [s for s in spans if s["cls"] == "ev"]
    assert [(s["start"], s["end"]) for s in evidence] == [
        (r.evidence.start, r.evidence.end) for r in RECORDS[:2]
    ]


def test_escaped_and_self_contained():
    html = render_html([(ARTICLE, RECORDS, ENTITIES)])
    assert "&lt;앤스로픽&gt;" in html and "<앤스로픽>" not in html
    assert "헤드라인 &lt;b&gt;" in html
    for external in ("<script", "<link", "src=", "http://", "https://", "url("):
        assert external not in html
    # every "<" opens one of the page's own tags: no text character leaked unescaped
    tags = re.findall(r"<(/?[A-Za-z!][^\s>]*)", html)
    assert len(tags) == html.count("<")
    assert {t.lstrip("/") for t in tags} <= PAGE_TAGS


def test_records_link_to_their_evidence():
    p = parse(render_html([(ARTICLE, RECORDS, ENTITIES)]))
    assert len(p.links) == 3
    for href in p.links:
        assert href.startswith("#") and href[1:] in p.ids


def test_index_only_for_several_articles():
    one = render_html([(ARTICLE, RECORDS, ENTITIES)])
    other = Article("t2", "삼성전자", None, None)
    two = render_html([(ARTICLE, RECORDS, ENTITIES), (other, [], [])])
    assert "<nav>" not in one
    assert '<nav><ol><li><a href="#a0">t1</a>' in two and 'href="#a1"' in two
    assert "no deal records" in two
    assert "(3 records)" in two and "(0 records)" in two
    with_gold = render_html(
        [(ARTICLE, RECORDS, ENTITIES), (other, [], [])],
        {"t1": GoldFile(doc_id="t1", deals=RECORDS[:1])},
    )
    assert "(3 records; gold 1, strict matches 1)" in with_gold
    # ids of the two sections never collide
    p = parse(two)
    assert {"a0", "a1"} <= p.ids


def test_gold_differences():
    gold = GoldFile(
        doc_id="t1",
        entities=ENTITIES[:3],  # 구글, 지난 3월, 20억달러 are not in gold: dashed
        deals=[
            RECORDS[0].model_copy(update={"status": "announced", "evidence": None}),
            DealRecord(doc_id="t1", deal_type="acquisition", investors=["Amazon"],
                       target="Zoox", amount=usd(1.2e9, "12억달러")),
        ],
    )  # fmt: skip
    html = render_html([(ARTICLE, RECORDS, ENTITIES)], {"t1": gold})
    assert "strict matches 1 · false positives 2 · missed 1" in html
    assert "status: completed, gold announced" in html
    assert "no gold deal matches; nearest: investment Amazon → Anthropic" in html
    assert html.count('<tr class="fp">') == 2 and html.count('<tr class="fn">') == 1
    fp_marks = [s for s in parse(html).spans if "fp" in s["cls"].split()]
    assert sorted(s["text"] for s in fp_marks) == sorted(
        ["구글", "지난 3월", "20억달러"]
    )
    moved = ENTITIES[0].model_copy(update={"start": 40, "end": 43})
    gold_only = gold.model_copy(update={"entities": [*ENTITIES[:3], moved]})
    html = render_html([(ARTICLE, RECORDS, ENTITIES)], {"t1": gold_only})
    assert "gold mentions not found (1)" in html and "ORG 40–43" in html


def test_main_show_writes_the_page(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        show, "analyse", lambda inputs, day: [(ARTICLE, RECORDS, ENTITIES)]
    )
    out = tmp_path / "t1.html"
    assert show.main_show(Path("t1.txt"), None, out) == 0
    assert parse(out.read_text("utf-8")).spans
    monkeypatch.setattr(show, "analyse", lambda inputs, day: [])
    assert show.main_show(Path("t1.txt"), None, out) == 1
    assert "no article could be read" in capsys.readouterr().err


def gold_articles() -> list[tuple[Article, list[DealRecord], list[Entity]]]:
    """Dev-dump articles that have gold files, with gold labels as the 'predictions'."""
    dump = SHARED / "articles" / "dev-dump.jsonl"
    golds = {p.stem: p for p in (Path(__file__).parents[2] / "gold").glob("*.json")}
    if not dump.exists() or not golds:
        pytest.skip("needs ../shared/articles/dev-dump.jsonl and gold/*.json")
    out = []
    with open(dump, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["id"] in golds:
                g = GoldFile.model_validate_json(golds[row["id"]].read_text("utf-8"))
                out.append(
                    (
                        Article(g.doc_id, row["text"], None, row["title"]),
                        g.deals,
                        g.entities,
                    )
                )
    return out


def test_real_articles_slice_back():
    articles = gold_articles()
    p = parse(render_html(articles))
    texts = {f"a{i}": a.text for i, (a, _, _) in enumerate(articles)}
    assert len(p.spans) >= sum(len(ents) for _, _, ents in articles) * 0.9
    for s in p.spans:
        assert s["text"] == texts[s["in"]][s["start"] : s["end"]]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")
def test_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(render_html([(ARTICLE, RECORDS, ENTITIES)]), "utf-8")
    shot = tmp_path / "shot.png"
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", f"--screenshot={shot}",
           "--window-size=1200,800", page.as_uri()]  # fmt: skip
    if shutil.which("timeout"):
        cmd = ["timeout", "90", *cmd]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
