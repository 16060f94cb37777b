"""The field survey's form and what is read from its photos: the facts observed are the
project form's own fields (ledger.forms.ProjectForm), the photos' time and place come from
their EXIF (read here with Pillow) or from what the page sends beside them."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils import timezone
from PIL import Image

from approvals.models.surveys import NOTE_HEADINGS, FieldSurvey, PlaceSource
from ledger.forms import FLAG_GROUPS, ProjectForm
from ledger.models.projects import SURVEY_FIELDS, project_field

# The groups of check boxes a survey records beside the four facts (十二): the reasons for
# an abnormal production or weak linkage, the conditions of 巩固 and the defects of 提升/重建.
SURVEY_GROUPS = (
    "production_reasons",
    "linkage_reasons",
    "consolidate_conditions",
    "upgrade_defects",
    "rebuild_defects",
)
FACT_FIELDS = (*SURVEY_FIELDS, *(f for g in SURVEY_GROUPS for f, _ in FLAG_GROUPS[g]))

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, DATETIME = 0x9003, 0x0132


class SurveyForm(forms.Form):
    surveyed_on = forms.DateField(label="调研日期", widget=forms.DateInput(attrs={"type": "date"}))
    people = forms.CharField(
        label="调研人员及单位",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一人，如“张三（保家镇人民政府）”。",
    )
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, initial_facts: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facts = initial_facts or {}
        for name in SURVEY_FIELDS:
            model_field = project_field(name)
            self.fields[name] = forms.ChoiceField(
                label=str(model_field.verbose_name),
                choices=[c for c in model_field.choices or [] if c[0] != ""],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=facts.get(name) or None,
            )
        for group in SURVEY_GROUPS:
            field = copy.deepcopy(ProjectForm.base_fields[group])
            field.widget.attrs["class"] = "form-check-input"
            field.initial = [f for f, _ in FLAG_GROUPS[group] if facts.get(f)]
            self.fields[group] = field
        for name, heading in NOTE_HEADINGS:
            self.fields[name] = forms.CharField(label=heading, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_surveyed_on(self) -> dt.date:
        day = cast(dt.date, self.cleaned_data["surveyed_on"])
        if day > timezone.localdate():
            raise forms.ValidationError("调研日期不能晚于今天。")
        return day

    def facts(self) -> dict[str, Any]:
        """The facts as the project's own fields (check boxes become booleans)."""
        data: dict[str, Any] = {name: self.cleaned_data[name] for name in SURVEY_FIELDS}
        for group in SURVEY_GROUPS:
            chosen = set(self.cleaned_data.get(group) or [])
            data.update({f: f in chosen for f, _ in FLAG_GROUPS[group]})
        return data

    def notes(self) -> dict[str, str]:
        return {name: (self.cleaned_data.get(name) or "").strip() for name, _ in NOTE_HEADINGS}


def facts_of(project: Any, last: FieldSurvey | None) -> dict[str, Any]:
    """What the form opens with: the last survey's facts, else the project's."""
    if last is not None:
        return dict(last.facts)
    return {name: getattr(project, name) for name in FACT_FIELDS}


def fact_rows(facts: dict[str, Any]) -> list[tuple[str, str]]:
    """The facts as (label, text) rows for the page and the report."""
    rows = []
    for name in SURVEY_FIELDS:
        field = project_field(name)
        shown = dict(field.choices or []).get(facts.get(name) or "", "") or "（未填）"
        rows.append((str(field.verbose_name), str(shown)))
    for group in SURVEY_GROUPS:
        chosen = [str(label) for f, label in FLAG_GROUPS[group] if facts.get(f)]
        label = str(ProjectForm.base_fields[group].label).split("（")[0]
        if chosen or group in ("consolidate_conditions",):
            rows.append((label, "；".join(chosen) or "无"))
    return rows


# ---- a photo's time and place -----------------------------------------------------------
@dataclass
class Place:
    taken_at: dt.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    source: str = PlaceSource.NONE


def _degrees(value: Any, ref: Any) -> Decimal | None:
    try:
        d, m, s = (float(v) for v in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    decimal = Decimal(str(round(d + m / 60 + s / 3600, 6)))
    return -decimal if str(ref).strip().upper() in ("S", "W") else decimal


def _local(text: Any) -> dt.datetime | None:
    """An EXIF time ("2026:05:12 10:30:00", the camera's local time) as an aware time."""
    try:
        naive = dt.datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def exif_place(f: Any) -> Place:
    """The time (DateTimeOriginal) and place (GPS IFD, as decimal degrees) a JPEG records."""
    position = f.tell() if hasattr(f, "tell") else 0
    try:
        f.seek(0)
        with Image.open(f) as image:
            exif = image.getexif()
    except Exception:  # not an image Pillow reads: no place
        return Place()
    finally:
        f.seek(position)
    place = Place(taken_at=_local(exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME) or ""))
    gps = exif.get_ifd(GPS_IFD)
    if gps.get(2) and gps.get(4):
        place.latitude, place.longitude = _degrees(gps[2], gps.get(1, "N")), _degrees(gps[4], gps.get(3, "E"))
    if place.latitude is not None and place.longitude is not None:
        place.source = PlaceSource.EXIF
    return place


def _coordinate(text: str, limit: int) -> Decimal | None:
    try:
        value = Decimal(text).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None
    return value if -limit <= value <= limit else None


def sent_place(fields: dict[str, str]) -> Place:
    """What the page sends beside a resized photo: the EXIF time and place it read from the
    original (source "exif"), or the phone's location when the user allowed it ("device")."""
    source = fields.get("source", "")
    taken = fields.get("taken_at", "")
    taken_at = None
    if taken:
        try:
            taken_at = dt.datetime.fromisoformat(taken)
        except ValueError:
            taken_at = _local(taken)
        if taken_at is not None and timezone.is_naive(taken_at):
            taken_at = timezone.make_aware(taken_at)
    lat, lon = _coordinate(fields.get("lat", ""), 90), _coordinate(fields.get("lon", ""), 180)
    if lat is None or lon is None or source not in (PlaceSource.EXIF, PlaceSource.DEVICE):
        return Place(taken_at=taken_at)
    return Place(taken_at=taken_at, latitude=lat, longitude=lon, source=source)


def photo_place(f: Any, fields: dict[str, str]) -> Place:
    """The photo's own EXIF first (an original sent as taken), else what the page read."""
    own, sent = exif_place(f), sent_place(fields)
    if own.source:
        own.taken_at = own.taken_at or sent.taken_at
        return own
    sent.taken_at = sent.taken_at or own.taken_at
    return sent
