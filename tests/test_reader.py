"""team/reader.py: every input read on its own, each refusal with its place and reason, and the questionnaire
picked from what the inputs name. The checks a mutation run of team/reader.py found no test holding."""

from __future__ import annotations

import io
import json
import random
import re

import pytest

from centricity.core import limits
from centricity.core.errors import CentricityError
from centricity.engine import codec
from centricity.model.refusals import refusal
from centricity.team import reader as team_reader
from centricity.team.reader import ResponseReader, pick_questionnaire
from tests.helpers import random_set


def read(q, *paths, err=None) -> ResponseReader:
    reader = ResponseReader(q, err)
    reader.read(list(paths))
    return reader


def test_each_kind_of_input_is_read_and_a_bad_one_costs_only_itself(shipped, tmp_path):
    a, b, c, d = (codec.encode(r) for r in random_set(shipped, random.Random(5), 4))
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)  # a folder inside a folder is not read
    (folder / "nested" / "x.txt").write_text(a, encoding="utf-8")
    (folder / "codes.txt").write_text(f"\n{a}\r\n  \nnot a code\r{b}\n", encoding="utf-8")
    (folder / "one.json").write_text(json.dumps(codec.to_json(shipped, codec.decode(shipped, c))), "utf-8")
    (folder / "file.txt").write_text(json.dumps(codec.to_json(shipped, codec.decode(shipped, d))), "utf-8")
    (folder / "utf16.txt").write_bytes("\ufeff".encode("utf-16-le") + d.encode("utf-16-le"))
    (folder / "empty.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "notes.md").write_text(a, encoding="utf-8")  # neither .json nor .txt: not an input
    reader = read(shipped, folder)
    assert reader.inputs == 5
    assert len(reader.coded) == 4
    assert reader.problems == [
        (f"{folder / 'codes.txt'}:4", str(refusal("code_part", part="'not a code'"))),
        (str(folder / "empty.txt"), "no response found"),
        (str(folder / "utf16.txt"), str(refusal("file_utf16"))),
    ]


def test_what_is_no_regular_file_or_too_large_is_skipped_with_its_reason(shipped, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(limits.MAX_LIST_BYTES + 1)
    reader = read(shipped, tmp_path / "missing.txt", big)
    assert reader.problems == [
        (str(tmp_path / "missing.txt"), "cannot be read: not a regular file"),
        (str(big), str(refusal("file_large", size=limits.MAX_LIST_BYTES + 1, max=limits.MAX_LIST_BYTES))),
    ]


def test_duplicates_are_counted_and_an_earlier_version_is_noted(mini, tmp_path):
    old = f"q={mini.id}&v={mini.version - 1}&a=c1.2,t2.x"
    now = f"q={mini.id}&v={mini.version}&a=c1.1"
    (tmp_path / "codes.txt").write_text("\n".join([now, now, old]), encoding="utf-8")
    err = io.StringIO()
    reader = read(mini, tmp_path / "codes.txt", err=err)
    assert reader.duplicates == 1
    assert reader.problems == [(f"{tmp_path / 'codes.txt'}:2", "duplicate of a response already loaded")]
    assert reader.notes == [
        (f"{tmp_path / 'codes.txt'}:3", "from an earlier version of the questionnaire; answers that no "
         "longer apply were left out: T2")
    ]
    assert f"{tmp_path / 'codes.txt'}:3: note:" in err.getvalue()


def test_progress_and_problems_on_the_terminal_are_bounded(shipped, tmp_path, monkeypatch):
    monkeypatch.setattr(team_reader, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(team_reader, "SHOW_PROBLEMS", 1)
    codes = [codec.encode(r) for r in random_set(shipped, random.Random(8), 5)]
    (tmp_path / "codes.txt").write_text("\n".join([*codes, "bad", "worse"]), encoding="utf-8")
    err = io.StringIO()
    reader = read(shipped, tmp_path / "codes.txt", err=err)
    lines = err.getvalue().splitlines()
    assert [x for x in lines if x.startswith("...")] == ["... 2 responses read", "... 4 responses read"]
    shown = f"{tmp_path / 'codes.txt'}:6: skipped: {reader.problems[0][1]}"
    assert [x for x in lines if "skipped" in x] == [shown]
    assert len(reader.problems) == 2


def test_the_questionnaire_is_the_one_asked_for_or_the_one_most_inputs_name(catalog, tmp_path):
    names = list(catalog.questionnaires)
    assert len(names) >= 2
    known = re.escape(f"unknown questionnaire 'nope' (known: {', '.join(names)})")
    with pytest.raises(CentricityError, match=known):
        pick_questionnaire(catalog, "nope", [])
    assert pick_questionnaire(catalog, names[1], []).id == names[1]
    (tmp_path / "a.txt").write_text(f"q={names[1]}&v=1\nq={names[1]}&v=1\nq={names[0]}&v=1", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"questionnaire": names[0]}), encoding="utf-8")
    assert pick_questionnaire(catalog, None, [tmp_path / "a.txt"]).id == names[1]
    assert pick_questionnaire(catalog, None, [tmp_path]).id == names[0]  # a tie, 2 to 2: the catalog's order
    (tmp_path / "c.txt").write_text("q=unknown&v=1", encoding="utf-8")
    nothing = [tmp_path / "c.txt", tmp_path / "none"]
    assert pick_questionnaire(catalog, None, nothing).id == catalog.primary.id


def test_only_the_first_200_inputs_vote(catalog, tmp_path):
    names = list(catalog.questionnaires)
    for i in range(200):
        (tmp_path / f"{i:03}.txt").write_text(f"q={names[0]}&v=1", encoding="utf-8")
    for i in range(200, 203):
        (tmp_path / f"{i:03}.txt").write_text("\n".join([f"q={names[1]}&v=1"] * 300), encoding="utf-8")
    assert pick_questionnaire(catalog, None, [tmp_path]).id == names[0]


def test_a_named_file_of_another_kind_is_read_as_lines_unless_it_holds_json(shipped, tmp_path):
    """Only a .json name or text that starts with "{" makes an input JSON: codes.csv named on the command line
    (whose suffix sorts before .json) is a list of codes."""
    a, b = (codec.encode(r) for r in random_set(shipped, random.Random(9), 2))
    (tmp_path / "codes.csv").write_text(f"{a}\n{b}\n", encoding="utf-8")
    (tmp_path / "codes.JSON").write_text(a, encoding="utf-8")
    reader = read(shipped, tmp_path / "codes.csv", tmp_path / "codes.JSON")
    assert len(reader.coded) == 2
    assert reader.problems == [(str(tmp_path / "codes.JSON"), str(refusal("json_invalid")))]
