"""The two fictional clips of the demo, as scenes: a Vietnamese livestream (on-screen text,
a caption file, Vietnamese speech that the demo cannot transcribe) and an English review
(on-screen text and English speech). ``tools/make_demo_media.py`` renders them into
``data/media``; the demo screens the files it finds there."""

from __future__ import annotations

from dataclasses import dataclass

from koltrust.media.synth import Scene


@dataclass(frozen=True)
class DemoClip:
    """A clip: file names, what the demo stores it as, and how it is made."""

    video: str
    captions: str | None
    title: str
    language: str
    influencer: str
    livestream: bool
    speech_language: str
    scenes: tuple[Scene, ...]


LIVESTREAM = DemoClip(
    video="livestream-vi.mp4",
    captions="livestream-vi.vtt",
    title="Livestream tối thứ Sáu: viên uống trắng da",
    language="vi",
    influencer="dang-ngoc-anh",
    livestream=True,
    speech_language="vi",
    scenes=(
        Scene(
            0,
            6,
            "LIVESTREAM 20:00 · Review viên uống trắng da",
            speech="Chào cả nhà, tối nay mình review viên uống trắng da",
        ),
        Scene(
            6,
            12,
            "Viên uống trắng da: chữa khỏi nám sau 7 ngày",
            noisy=True,
            seed=1,
            speech="Viên uống này chữa khỏi nám chỉ sau bảy ngày",
        ),
        Scene(
            12,
            18,
            "100% thiên nhiên, không tác dụng phụ",
            noisy=True,
            seed=2,
            speech="Hoàn toàn thiên nhiên, không có tác dụng phụ",
        ),
        Scene(
            18,
            24,
            "Nhập mã LINH20 giảm 20% · chốt đơn tại Shopee",
            speech="Nhập mã linh hai mươi để được giảm hai mươi phần trăm",
        ),
        Scene(
            24,
            30,
            "Giá chỉ 199k hôm nay, inbox để đặt hàng",
            noisy=True,
            seed=3,
            speech="Giá chỉ một trăm chín mươi chín nghìn, inbox để đặt hàng",
        ),
        Scene(30, 36, "Cảm ơn cả nhà đã xem livestream!", speech="Cảm ơn cả nhà, hẹn gặp lại"),
    ),
)

REVIEW = DemoClip(
    video="review-en.mp4",
    captions=None,
    title="MegaSlim capsules: my honest review",
    language="en",
    influencer="sarah-whitfield",
    livestream=False,
    speech_language="en",
    scenes=(
        Scene(
            0,
            6,
            "Honest review: MegaSlim capsules",
            speech="Hi everyone, today I am reviewing MegaSlim capsules.",
        ),
        Scene(
            6,
            12,
            "Doctors recommend it!",
            noisy=True,
            seed=4,
            speech="This supplement cures diabetes and has no side effects.",
        ),
        Scene(
            12,
            18,
            "Code MEGA30 = 30% off · link in bio",
            speech="Use my discount code for thirty percent off, the link is in my bio.",
        ),
        Scene(
            18,
            24,
            "Thanks for watching!",
            noisy=True,
            seed=5,
            speech="Thanks for watching, see you next time.",
        ),
    ),
)

CLIPS = (LIVESTREAM, REVIEW)

# what the livestream's caption file says (the speech above, as an uploader would caption it)
LIVESTREAM_CAPTIONS = """WEBVTT

00:00:00.500 --> 00:00:05.500
Chào cả nhà, tối nay mình review viên uống trắng da

00:00:06.500 --> 00:00:11.500
Viên uống này chữa khỏi nám chỉ sau 7 ngày

00:00:12.500 --> 00:00:17.500
Hoàn toàn thiên nhiên, tốt nhất thị trường, không có tác dụng phụ

00:00:18.500 --> 00:00:23.500
Nhập mã LINH20 để được giảm 20%

00:00:24.500 --> 00:00:29.500
Giá chỉ 199k, inbox để đặt hàng

00:00:30.500 --> 00:00:35.500
Cảm ơn cả nhà, hẹn gặp lại
"""
