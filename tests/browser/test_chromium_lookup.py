"""The browser tests find Chromium wherever it is installed, and CI never skips them for lack of it."""

import pytest

from .conftest import _require_chromium, chromium_path


@pytest.fixture
def bin_dir(tmp_path, monkeypatch):
    """Return a function that puts fake executables on a PATH holding nothing else."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("FOIA_TEST_CHROMIUM", raising=False)

    def install(name: str) -> str:
        executable = tmp_path / name
        executable.write_text("#!/bin/sh\n")
        executable.chmod(0o755)
        return str(executable)

    return install


@pytest.mark.parametrize("name", ["chromium", "chromium-browser", "google-chrome"])
def test_each_usual_name_on_path_is_found(bin_dir, name):
    installed = bin_dir(name)
    assert chromium_path() == installed


def test_chromium_is_preferred_to_google_chrome(bin_dir):
    bin_dir("google-chrome")
    chromium = bin_dir("chromium")
    assert chromium_path() == chromium


def test_the_environment_variable_names_the_browser(bin_dir, tmp_path, monkeypatch):
    bin_dir("chromium")
    elsewhere = tmp_path / "opt" / "chrome"
    elsewhere.parent.mkdir()
    elsewhere.write_text("#!/bin/sh\n")
    elsewhere.chmod(0o755)
    monkeypatch.setenv("FOIA_TEST_CHROMIUM", str(elsewhere))
    assert chromium_path() == str(elsewhere) == _require_chromium()


def test_without_chromium_ci_fails_and_a_developer_skips(bin_dir, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        _require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        _require_chromium()


def test_a_wrong_environment_variable_is_named_in_the_failure(bin_dir, monkeypatch):
    bin_dir("chromium")
    monkeypatch.setenv("FOIA_TEST_CHROMIUM", "/nowhere/chrome")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="FOIA_TEST_CHROMIUM='/nowhere/chrome'"):
        _require_chromium()
