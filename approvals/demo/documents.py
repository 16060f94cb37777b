"""The demo's stand-in for every scan, sealed page and set of minutes: a tiny PDF; and for
the photo of a posted notice: a tiny PNG."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def demo_pdf(title: str) -> bytes:
    """A one-page PDF reading 演示文件 and `title`, for every scan the demo uploads. The
    text uses the standard Chinese font STSong-Light, which PDF readers supply, so the file
    stays under 2 KB."""
    lines = ["演示文件", title, "本文件由演示数据自动生成，仅供试用系统，不是真实材料。"]
    text, y = [], 770
    for i, line in enumerate(lines):
        text.append(f"BT /F1 {28 if i == 0 else 14} Tf 72 {y} Td <{line.encode('utf-16-be').hex().upper()}> Tj ET")
        y -= 44 if i == 0 else 26
    stream = "\n".join(text).encode("ascii")
    info_title = ("\ufeff" + title).encode("utf-16-be").hex().upper()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        f"<< /Title <{info_title}> /Producer (pengshui demo) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def demo_upload(title: str) -> SimpleUploadedFile:
    """`demo_pdf(title)` as an uploaded file, for the services."""
    return SimpleUploadedFile("demo.pdf", demo_pdf(title), content_type="application/pdf")


def demo_png(title: str, width: int = 64, height: int = 48) -> bytes:
    """A small grey PNG carrying `title` in a text chunk: the demo's photo of a posted notice."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes([200, 200, 200]) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"iTXt", b"Title\x00\x00\x00\x00\x00" + ("演示照片：" + title).encode())
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def demo_photo(title: str) -> SimpleUploadedFile:
    """`demo_png(title)` as an uploaded file, for the services."""
    return SimpleUploadedFile("demo.png", demo_png(title), content_type="image/png")
