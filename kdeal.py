"""kdeal as a library: `kdeal.extract(text, published)` -> deal records.

>>> import kdeal  # doctest: +SKIP
>>> [r.target for r in kdeal.extract("아마존은 앤스로픽에 40억달러를 투자했다.")]  # doctest: +SKIP
['Anthropic']
"""

from pipeline import Options, process, run_documents
from pipeline import extract_records as extract
from pipeline.records import Article, DealRecord, Entity, GoldFile

__all__ = [
    "extract",
    "process",
    "run_documents",
    "Options",
    "Article",
    "DealRecord",
    "Entity",
    "GoldFile",
]
