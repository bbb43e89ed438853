"""Engines: a Dask cluster yields exactly the bytes of the local run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import runner
from pipeline.cli import Tally

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def run(tmp_path: Path, name: str, **kw) -> tuple[bytes, bytes]:
    deals, ents = tmp_path / f"{name}.jsonl", tmp_path / f"{name}-ents.jsonl"
    args = dict(workers=None, engine="local", scheduler=None, db=None)
    args.update(kw)
    code = runner.run_cli(
        [str(CORPUS)],
        deals,
        ents,
        None,
        explain=False,
        quiet=True,
        tally=Tally(),
        **args,
    )
    assert code == 0
    return deals.read_bytes(), ents.read_bytes()


def test_dask_local_cluster_matches_local_run(tmp_path, nlp):
    distributed = pytest.importorskip("distributed")
    local = run(tmp_path, "local")
    assert local[0], "the corpus yields records"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = run(
            tmp_path, "dask", engine="dask", scheduler=cluster.scheduler_address
        )
    assert remote == local


def test_portable_options_drop_the_local_callback():
    import pickle

    from pipeline.engines import portable
    from pipeline.work import Options

    opts = Options(entities=True, on_error=Tally().error)
    back = pickle.loads(pickle.dumps(portable(opts)))
    assert back.entities and back.on_error is Options().on_error
