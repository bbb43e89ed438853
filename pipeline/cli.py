"""`kdeal`: the command line of CLI.md. Heavy imports stay inside the commands."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Korean news articles in, money-deal records out (DEALS.md records as JSONL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 3


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class Kind(StrEnum):
    number = "number"
    money = "money"
    date = "date"


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    typer.echo(f"kdeal: error: {message}", err=True)
    return typer.Exit(code)


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option}: not a YYYY-MM-DD date: {text!r}") from None


class Tally:
    """Counts documents, records and errors; prints each error as one line."""

    def __init__(self) -> None:
        self.docs = 0
        self.errors = 0
        self.types: Counter[str] = Counter()

    def error(self, err) -> None:
        self.errors += 1
        typer.echo(f"kdeal: error: {err}", err=True)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.types.items())) or "none"
        return (
            f"kdeal: {self.docs} documents, {sum(self.types.values())} records "
            f"({kinds}), {self.errors} errors"
        )


@app.command()
def run(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help=".txt files, .jsonl/.jsonl.gz/.csv dumps, folders (recursive), or - for "
            "JSONL on stdin.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Deal records as JSONL (.parquet: a flat table); stdout when absent.",
        ),
    ] = None,
    entities: Annotated[
        Path | None,
        typer.Option(
            "--entities", help="Also write every ORG, MONEY and DATE mention as JSONL."
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for articles that show none; "
            "resolves 지난 27일 and the like.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Parallel workers (default: all cores)."),
    ] = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local, or dask with --scheduler.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite store: re-runs skip unchanged documents."),
    ] = None,
    ner: Annotated[
        bool,
        typer.Option(
            "--ner",
            help="Also run the statistical NER (KLUE-trained) for organisations no "
            "rule knows; about twice as slow.",
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Add to each record which rule chose each field."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")
    ] = False,
) -> None:
    """Extract deal records from articles.

    Example: kdeal run corpus/ dump.jsonl.gz -o out/deals.jsonl --entities out/ents.jsonl
    """
    from pipeline import runner

    day = parse_day(published, "--published")
    if ner:
        os.environ["KDEAL_NER"] = "1"  # read once by pipeline.extract.components
    if engine is Engine.dask and not scheduler:
        raise fail("--engine dask needs --scheduler ADDRESS")
    tally = Tally()
    code = runner.run_cli(
        inputs,
        output,
        entities,
        day,
        workers,
        engine.value,
        scheduler,
        db,
        explain,
        quiet,
        tally,
    )
    raise typer.Exit(code)


@app.command()
def score(
    gold: Annotated[
        Path,
        typer.Argument(help="Folder of gold/<id>.json, or JSONL of gold deal records."),
    ],
    pred: Annotated[Path, typer.Argument(help="Predicted deal records (JSONL).")],
    entities: Annotated[
        Path | None,
        typer.Option(
            "--entities",
            help="Predicted entities (JSONL) to score against gold entities.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Write every false positive/negative as JSONL."),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Precision-recall curve over confidence as PNG."),
    ] = None,
) -> None:
    """Precision, recall and F1 of predicted deals (and entities) against gold.

    Example: kdeal score gold out/deals.jsonl --entities out/entities.jsonl --json
    """
    from pipeline import score as scoring

    raise typer.Exit(scoring.main_score(gold, pred, entities, as_json, errors, plot))


@app.command()
def normalize(
    kind: Annotated[Kind, typer.Argument(help="number, money or date.")],
    texts: Annotated[
        list[str], typer.Argument(help="Texts to read, e.g. 27억5000만달러.")
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Resolve relative dates against this day (default: today).",
        ),
    ] = None,
) -> None:
    """Read Korean numbers, amounts or dates: one JSON object a line.

    Example: kdeal normalize money "27억5000만달러" "약 3조7000억원"
    """
    from extractors.values import normalize_texts

    day = parse_day(published, "--published") or date.today()
    for obj in normalize_texts(kind.value, texts, day):
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


@app.command()
def show(
    input: Annotated[Path, typer.Argument(help="An article (.txt) or a dump.")],
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold", help="Gold folder: mark differences with the gold labels."
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Write the page here (default: INPUT stem + .html)."
        ),
    ] = None,
    published: Annotated[str | None, typer.Option("--published")] = None,
) -> None:
    """One article (or a dump) as an HTML page: mentions highlighted, records beside.

    Example: kdeal show corpus/c001.txt --html out/c001.html
    """
    from pipeline import show as showing

    day = parse_day(published, "--published")
    raise typer.Exit(showing.main_show(input, gold, html, day))


@app.command()
def schema() -> None:
    """Print the JSON Schema of a deal record, an entity line and a gold file."""
    from pipeline.records import schemas

    sys.stdout.write(json.dumps(schemas(), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
