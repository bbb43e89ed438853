"""Deal records, entities and gold files exactly as `DEALS.md` §2 and §4 define them.

Field order follows the spec, so `model_dump_json()` lines read like its example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

DealType = Literal["investment", "acquisition", "purchase", "capex"]
Status = Literal["completed", "announced", "in_talks", "planned"]
Qualifier = Literal["approx", "at_least", "at_most"]
Precision = Literal["day", "month", "year"]
Label = Literal["ORG", "MONEY", "DATE"]
Number = int | float


class Money(BaseModel):
    """An amount as written: `{"value": 2750000000, "currency": "USD", "text": ...}`."""

    model_config = ConfigDict(extra="forbid")
    value: Number
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    text: str


class Fx(BaseModel):
    """The rate used for a converted amount (1 `base` = `rate` `quote`)."""

    model_config = ConfigDict(extra="forbid")
    base: str
    quote: str
    rate: float
    date: str
    source: str = "ECB"


class Evidence(BaseModel):
    """The sentence that states the deal; `text == article[start:end]`."""

    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class DealRecord(BaseModel):
    """One money deal found in one article (`DEALS.md` §2)."""

    model_config = ConfigDict(extra="forbid")
    schema_version: Literal[1] = SCHEMA_VERSION
    doc_id: str
    deal_type: DealType
    investors: list[str] = Field(default_factory=list)
    target: str | None = None
    amount: Money | None = None
    amount_krw: Money | None = None
    amount_usd: Number | None = None
    krw_source: Literal["stated", "converted"] | None = None
    fx: Fx | None = None
    qualifier: Qualifier | None = None
    cumulative: bool = False
    status: Status = "announced"
    date: str | None = None
    date_precision: Precision | None = None
    date_text: str | None = None
    stake_pct: Number | None = None
    valuation: Money | None = None
    evidence: Evidence | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    explain: dict[str, str] | None = Field(
        default=None, description="which rule chose each field (`kdeal run --explain`)"
    )


class Entity(BaseModel):
    """An ORG, MONEY or DATE mention (`DEALS.md` §4); output adds doc_id, source, score."""

    model_config = ConfigDict(extra="forbid")
    label: Label
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    canonical: str | None = None
    value: Number | str | None = None
    currency: str | None = None
    precision: Precision | None = None
    doc_id: str | None = None
    source: str | None = None
    score: float | None = None


class GoldFile(BaseModel):
    """`gold/<doc_id>.json`: hand labels for one article."""

    model_config = ConfigDict(extra="forbid")
    doc_id: str
    published: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    deals: list[DealRecord] = Field(default_factory=list)


@dataclass(slots=True)
class Article:
    """One decoded article; every offset kdeal writes indexes `text`."""

    doc_id: str
    text: str
    published: date | None = None
    title: str | None = None
    origin: str = ""  # PATH or PATH:LINE, for error messages
    meta: dict = field(default_factory=dict)


def schemas() -> dict:
    """JSON Schemas of a deal record, an entity line and a gold file."""
    return {
        "deal_record": DealRecord.model_json_schema(),
        "entity": Entity.model_json_schema(),
        "gold_file": GoldFile.model_json_schema(),
    }
