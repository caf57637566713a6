"""The README stays true: it starts with the two commands and documents every setting."""

from pathlib import Path

from newsalert.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_opens_with_run_and_test():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_setting_is_documented():
    missing = [name for name in Settings.model_fields if f"NEWSALERT_{name.upper()}" not in README]
    assert not missing, f"settings missing from the README's configuration table: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text()
    assert "make test\n" in ci and "make test-faults" in ci


def test_readme_names_the_fault_suite():
    first_block = README.split("```")[1]
    assert "make test-faults" in first_block
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert '-m "not faults"' in makefile and "-m faults" in makefile
