"""A JPEG with EXIF time and GPS, built with Pillow (piexif is not installed)."""

from io import BytesIO

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def exif_jpeg(*, lat=(29, 17, 30), lon=(108, 9, 36), taken="2026:05:12 10:30:00", size=(64, 48)) -> bytes:
    """彭水: 北纬 29°17′30″ = 29.291667°, 东经 108°9′36″ = 108.16°."""
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[0x9003] = taken
    if lat is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[1], gps[2] = "N", tuple(IFDRational(v) for v in lat)
        gps[3], gps[4] = "E", tuple(IFDRational(v) for v in lon)
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
