"""Render the demo's clips into src/koltrust/demo/data/media (needs Debian's espeak-ng for the
speech). The files are committed: the demo itself never needs espeak-ng.

    .venv/bin/python tools/make_demo_media.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from koltrust.demo.media_scripts import CLIPS, LIVESTREAM, LIVESTREAM_CAPTIONS
from koltrust.media.synth import build_video

FOLDER = Path(__file__).resolve().parents[1] / "src" / "koltrust" / "demo" / "data" / "media"


def main() -> None:
    if shutil.which("espeak-ng") is None:
        raise SystemExit("espeak-ng is needed for the speech: apt-get install espeak-ng")
    FOLDER.mkdir(parents=True, exist_ok=True)
    for clip in CLIPS:
        path = build_video(clip.scenes, FOLDER / clip.video, speech_language=clip.speech_language)
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    assert LIVESTREAM.captions is not None
    captions = FOLDER / LIVESTREAM.captions
    captions.write_text(LIVESTREAM_CAPTIONS, encoding="utf-8")
    print(captions)


if __name__ == "__main__":
    main()
