"""Issue 11 finding 6: `produce`/`detect` read bounded inputs: regular files only (a symlink to
/dev/zero, a FIFO are refused without blocking), never more than the size limit, and a document nested
too deeply is one input's error while the rest of the batch still goes."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

import pytest

from newsalert.ingest import MAX_INPUT_BYTES, Parsed, parse_bytes, parse_path, parse_stream


def parse_within(path: Path, seconds: float = 5.0) -> list[Parsed]:
    """parse_path in a thread: a read that blocks or runs away fails the test instead of hanging it."""
    result: list[Parsed] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.extend(parse_path(path))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"parse_path({path}) still reading after {seconds} s"
    assert not errors, errors
    return result


def test_symlink_to_dev_zero_is_refused_unread(tmp_path: Path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    [item] = parse_within(link)
    assert item.article is None and "not a regular file (a device)" in item.error


def test_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    [item] = parse_within(fifo)
    assert item.article is None and "FIFO" in item.error


def test_stdin_is_read_up_to_the_limit_only():
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
            self.read_bytes += len(buffer)
            buffer[:] = b" " * len(buffer)
            return len(buffer)

        def readable(self) -> bool:
            return True

    stream = Endless()
    [item] = list(parse_stream(io.BufferedReader(stream)))
    assert item.article is None and "too large" in item.error
    assert stream.read_bytes <= MAX_INPUT_BYTES + 2 * 1024 * 1024


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_nesting_is_one_inputs_error_and_the_batch_goes_on(tmp_path: Path, depth: int):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * depth + "]" * depth)
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "ok1", "text": "fine"}\n' + "{\"a\": " * depth + "1" + "}" * depth + "\n")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"id": "g1", "title": "T", "text": "Body."}))
    items = [item for path in (deep, lines, good) for item in parse_within(path)]
    assert [i.article.id for i in items if i.article] == ["ok1", "g1"]
    errors = [i.error for i in items if i.error]
    assert len(errors) == 2 and all("nested too deeply" in e for e in errors), errors


def test_json_only_refuses_scalars_and_text():
    for body in (b"null", b"42", b'"text"', b"plain words", b"[1, 2]"):
        items = list(parse_bytes(body, name="body", published=__import__("datetime").datetime.now(), json_only=True))
        assert items and all(i.article is None for i in items), body


def test_lone_surrogate_in_an_article_is_a_clear_error():
    [item] = list(parse_bytes(b'{"id": "s1", "text": "bad \\ud800 text"}', name="body",
                              published=__import__("datetime").datetime.now()))
    assert item.article is None and "lone surrogate" in item.error
