"""The deployment files stay in step with the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READS = re.compile(r"""(?:os\.environ\.get|os\.environ\[|env_[a-z]+)\(?\s*["']([A-Z0-9_]+)["']""")


def test_env_example_names_every_variable_settings_reads():
    read = set(READS.findall((ROOT / "shpalta" / "settings.py").read_text()))
    assert {"SECRET_KEY", "SHPALTA_ALLOW_SQLITE", "SHPALTA_VARNISH_PURGE_SECRET"} <= read
    listed = set(
        re.findall(r"^#?\s*([A-Z0-9_]+)=", (ROOT / "deploy" / "env.example").read_text(), re.M)
    )
    assert sorted(read - listed) == []
