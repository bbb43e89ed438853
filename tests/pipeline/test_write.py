"""The output lines: the entity writer's own JSON equals json.dumps of the model."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Entity
from pipeline.write import entity_line

numbers = st.one_of(st.integers(), st.floats(allow_nan=True, allow_infinity=True))
entities = st.builds(
    Entity,
    label=st.sampled_from(["ORG", "MONEY", "DATE"]),
    start=st.integers(min_value=0),
    end=st.integers(min_value=0),
    text=st.text(),
    canonical=st.none() | st.text(),
    value=st.none() | numbers | st.text(),
    currency=st.none() | st.text(max_size=3),
    precision=st.none() | st.sampled_from(["day", "month", "year"]),
    doc_id=st.none() | st.text(),
    source=st.none() | st.text(),
    score=st.none() | st.floats(),
)


def plain(e: Entity) -> str:
    data = e.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(entities)
def test_entity_line_is_json_dumps_of_the_model(e):
    assert entity_line(e) == plain(e)


def test_entity_line_keeps_korean_quotes_and_control_characters():
    e = Entity(label="ORG", start=0, end=4, text='삼성"전자\n\t\\', score=0.5)
    assert entity_line(e) == plain(e)
    assert json.loads(entity_line(e))["text"] == '삼성"전자\n\t\\'
