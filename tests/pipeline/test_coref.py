"""Names an article defines for itself: abbreviations take the fuller name's canonical."""

from __future__ import annotations

from extractors.base import Mention
from pipeline.coref import resolve


def org(text: str, start: int, value: str, source: str) -> Mention:
    return Mention("ORG", start, start + len(text), text, value, source, 0.9, {})


def test_unknown_short_name_takes_the_fuller_ones():
    text = "그린소스인터내셔널은 … 그린소스는"
    full = org("그린소스인터내셔널", 0, "그린소스인터내셔널", "org:rule:corp-suffix")
    short = org("그린소스", text.index("그린소스는"), "그린소스", "org:rule:same-name")
    resolve(text, [full, short])
    assert short.value == "그린소스인터내셔널"


def test_listed_name_is_no_abbreviation_of_a_longer_one():
    text = "KT클라우드의 데이터센터 … KT가 주도했다"
    longer = org("KT클라우드", 0, "KT Cloud", "org:gazetteer")
    kt = org("KT", text.index("KT가"), "KT", "org:gazetteer")
    resolve(text, [longer, kt])
    assert kt.value == "KT"


def test_bracketed_alias_takes_the_name_before_it():
    text = "선메탈코퍼레이션(SMC)은 … SMC가"
    full = org("선메탈코퍼레이션", 0, "Sun Metals Corporation", "org:gazetteer")
    alias = org("SMC", text.index("SMC"), "SMC", "org:rule:latin-cue")
    again = org("SMC", text.rindex("SMC"), "SMC", "org:rule:latin-cue")
    resolve(text, [full, alias, again])
    assert alias.value == again.value == "Sun Metals Corporation"
