"""``import kaede`` (and loading a case) does not import matplotlib or ipywidgets."""
import subprocess
import sys


def test_import_does_not_pull_plotting_or_widgets() -> None:
    code = ("import sys, kaede; kaede.load_case('odense'); "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
