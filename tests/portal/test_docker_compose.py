"""docker-compose.yml is valid and runs the services the README describes.

Needs the Compose CLI (the `docker compose` plugin or the `docker-compose` 1.x binary) only to
read the file; it pulls, builds and starts nothing. Skipped where neither is installed.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"postgres", "redis", "mailpit", "migrate", "web", "worker", "beat"}


def _compose_cli():
    if shutil.which("docker"):
        version = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if version.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither the `docker compose` plugin nor `docker-compose` is installed")


def _config(*args):
    result = subprocess.run(
        [*_compose_cli(), "config", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_compose_file_is_valid():
    _config("--quiet")


def test_compose_services_and_worker_queues():
    assert set(_config("--services").split()) == SERVICES
    resolved = _config()
    try:
        import yaml
    except ImportError:  # no PyYAML: read the worker's block of the resolved file as text
        worker = re.search(r"^  worker:\n((?:(?:    .*)?\n)+)", resolved, re.M).group(1)
    else:
        command = yaml.safe_load(resolved)["services"]["worker"]["command"]
        worker = command if isinstance(command, str) else " ".join(command)
    assert "default,loads,billing,exports" in worker
