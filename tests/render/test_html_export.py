"""The HTML export printed as a chair prints it: headless Chromium (Debian's package) to PDF, then every
page read back with pypdf: the marking on each, the page count, the date and time it was generated, and
statuses by colour and word; the status chart embedded at its size."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.clock import FakeClock
from bot.render.chart import chart_size
from bot.render.html import render_html
from bot.runtime import Runtime
from tests.digest_support import a_round_with_trouble, digest, png_size

pytestmark = pytest.mark.slow  # real processes: `pytest -m "not slow"` leaves them out


def print_to_pdf(page: Path, pdf: Path) -> list[str]:
    """The text of each printed page, its whitespace as single spaces (lines wrap where the page ends)."""
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is needed: apt-get install -y chromium"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages]


async def test_printed_digest_is_marked_on_every_page_with_date_and_statuses(
    runtime: Runtime, clock: FakeClock, tmp_path: Path
) -> None:
    await a_round_with_trouble(runtime, clock)
    reply = await digest(runtime)
    html = render_html(reply, title=runtime.workgroup.partnership.name)
    page = tmp_path / "digest.html"
    page.write_text(html, encoding="utf-8")
    pages = print_to_pdf(page, tmp_path / "digest.pdf")

    assert len(pages) >= 3  # the whole digest, not a first page cut short
    for number, text in enumerate(pages, start=1):
        assert "LIMITE" in text, f"page {number} carries no marking"
        assert f"page {number} of {len(pages)}" in text
    assert "Generated on 1 Mar 2027 at 10:00 CET" in pages[0]
    assert re.search(r"Cyber issues \W*blocked no report → blocked", " ".join(pages))  # the word, not the colour alone
    assert '<span class="status s-blocked">🔴 blocked</span>' in html and ".s-blocked { background: #c62828; }" in html


async def test_the_chart_is_embedded_at_its_size(runtime: Runtime, clock: FakeClock) -> None:
    await a_round_with_trouble(runtime, clock)
    reply = await digest(runtime)
    assert reply.chart is not None
    html = render_html(reply, title="t")
    found = re.search(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" height="(\d+)"', html)
    assert found is not None and html.index("<figure>") > html.index("<table>")  # right after the overview table
    assert png_size(base64.b64decode(found[1])) == chart_size(reply.chart) == (int(found[2]), int(found[3]))
