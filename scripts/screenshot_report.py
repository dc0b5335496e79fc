"""Render DIR/index.html with headless Chromium at a desktop and a phone width.

Usage: python scripts/screenshot_report.py DIR OUT_PREFIX [--height N]
Writes OUT_PREFIX-desktop.png and OUT_PREFIX-phone.png. Needs /usr/bin/chromium
(scripts/install-chromium.sh); the tests never call this.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": 1400, "phone": 390}
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)


def screenshot(page: Path, png: Path, width: int, height: int) -> None:
    """One screenshot with a fresh profile, so no state leaks between runs."""
    with tempfile.TemporaryDirectory(prefix="claimledger-chromium-") as profile:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                   f"--window-size={width},{height}", page.resolve().as_uri()]
        subprocess.run(command, check=True, capture_output=True, timeout=120)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("out_prefix")
    parser.add_argument("--height", type=int, default=6000)
    args = parser.parse_args(argv)
    page = args.dir / "index.html"
    if not page.is_file():
        print(f"no index.html in {args.dir}", file=sys.stderr)
        return 2
    for name, width in WIDTHS.items():
        png = Path(f"{args.out_prefix}-{name}.png")
        screenshot(page, png, width, args.height)
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
