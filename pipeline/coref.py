"""Names an article defines for itself: `선메탈코퍼레이션(SMC)`, `그린소스` for
`그린소스인터내셔널`. Organisations the gazetteer does not know take the canonical
name of the fuller mention they abbreviate, so one company is one name per article.
"""

from __future__ import annotations

import regex

from extractors.base import Mention

BRACKET = regex.compile(r"\s?\((?:이하\s?|약칭\s?)?")


def unknown(m: Mention) -> bool:
    """Not in the gazetteer (KT is listed as itself, and is no short KT클라우드)."""
    if "gazetteer" in (m.source or ""):
        return False
    return m.value is None or str(m.value) == m.text


def resolve(text: str, orgs: list[Mention]) -> None:
    """Rewrite, in place, the canonical names of abbreviations defined in `text`."""
    alias: dict[str, str] = {}
    for a, b in zip(orgs, orgs[1:], strict=False):
        if unknown(b) and BRACKET.fullmatch(text, a.end, b.start):
            alias[b.text] = str(a.value or a.text)
    fuller = [o for o in orgs if len(o.text) >= 4]
    for o in orgs:
        if o.text in alias:
            o.value = alias[o.text]
        elif unknown(o) and len(o.text) >= 2:
            longer = [
                f for f in fuller if f.text != o.text and f.text.startswith(o.text)
            ]
            if len({str(f.value) for f in longer}) == 1:
                o.value = longer[0].value
