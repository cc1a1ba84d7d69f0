"""PDF copies through LibreOffice, when it is installed.

LibreOffice runs headless with a throw-away profile folder, so it neither disturbs nor is
blocked by a LibreOffice window the officer has open. All files of one export go through
one LibreOffice start (starting it takes seconds; converting a page takes milliseconds).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.services.export.naming import AskOverwrite, OverwritePolicy, WriteOutcome, write_file

_CANDIDATES = ("soffice", "libreoffice")


class PdfUnavailableError(RuntimeError):
    """PDF conversion cannot run here; the message says why and what to install."""


class PdfConversionError(RuntimeError):
    """LibreOffice ran but did not produce the PDF."""


def soffice_path() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_unavailable_reason() -> str | None:
    """None when PDFs can be made, otherwise a sentence to show the officer."""
    if soffice_path() is None:
        return (
            "PDF export needs LibreOffice, which was not found on this computer "
            "(no 'soffice' program on the PATH). Install LibreOffice, or export Word "
            "documents and save them as PDF from Word."
        )
    return None


def convert_to_pdf(
    docx_files: Sequence[Path],
    policy: OverwritePolicy = OverwritePolicy.UNIQUE,
    ask: AskOverwrite | None = None,
    timeout: float | None = None,
) -> list[tuple[Path, WriteOutcome]]:
    """Make ``name.pdf`` beside each ``name.docx``; returns where each PDF went."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailableError(pdf_unavailable_reason())
    if not docx_files:
        return []
    results: list[tuple[Path, WriteOutcome]] = []
    for batch in _batches_with_unique_stems(docx_files):
        with tempfile.TemporaryDirectory(prefix="lpc-pdf-") as tmp:
            out_dir = Path(tmp) / "out"
            _run_soffice(soffice, batch, out_dir, Path(tmp) / "profile", timeout)
            for docx in batch:
                produced = out_dir / f"{docx.stem}.pdf"
                if not produced.is_file():
                    raise PdfConversionError(f"LibreOffice did not convert {docx.name}")
                results.append(
                    write_file(docx.with_suffix(".pdf"), produced.read_bytes(), policy, ask)
                )
    return results


def _batches_with_unique_stems(files: Sequence[Path]) -> list[list[Path]]:
    """LibreOffice writes ``stem.pdf`` into one folder; equal stems must not share a run."""
    batches: list[list[Path]] = []
    stems: list[set[str]] = []
    for path in files:
        for batch, seen in zip(batches, stems, strict=True):
            if path.stem not in seen:
                batch.append(path)
                seen.add(path.stem)
                break
        else:
            batches.append([path])
            stems.append({path.stem})
    return batches


def _run_soffice(
    soffice: str, files: Sequence[Path], out_dir: Path, profile: Path, timeout: float | None
) -> None:
    out_dir.mkdir(parents=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(out_dir),
        *(str(f.resolve()) for f in files),
    ]
    limit = timeout if timeout is not None else 90 + 15 * len(files)
    env = {**os.environ, "HOME": str(profile.parent)}  # keep LibreOffice off the real home
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=limit, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PdfConversionError(f"LibreOffice took longer than {limit:.0f} s") from exc
    except OSError as exc:
        raise PdfUnavailableError(f"LibreOffice could not be started: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        raise PdfConversionError(f"LibreOffice failed (exit {done.returncode}): {detail[0]}")
