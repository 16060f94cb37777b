"""What a simulated user reads from a page, as a browser would: the fields a form submits,
the CSRF token, the links to projects. Standard library only (the locust process does not
load Django)."""

import re
from html.parser import HTMLParser

# Input types a browser submits with their value (checkbox and radio only when checked).
_VALUE_TYPES = {"text", "hidden", "number", "email", "tel", "date", "datetime-local", "url", "search", "password", ""}
_PROJECT_LINK = re.compile(r'href="/projects/(\d+)/"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _FormReader(HTMLParser):
    """Collects the fields of the post form with the given id (or of the first post form)."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._select_multiple = False
        self._select_chosen: list[str] = []
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form" and not self._done and not self._in_form:
            wanted = attrs.get("id") == self.form_id if self.form_id else attrs.get("method", "").lower() == "post"
            self._in_form = wanted
            return
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "").lower()
            if kind in _VALUE_TYPES or (kind in ("checkbox", "radio") and "checked" in attrs):
                self.fields.append((name, attrs.get("value", "" if kind not in ("checkbox", "radio") else "on")))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_multiple = name, "multiple" in attrs
            self._select_chosen, self._select_first = [], None
        elif tag == "option" and self._select is not None:
            self._option_value = attrs.get("value")
            self._option_selected = "selected" in attrs
            self._option_text = ""
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def _close_option(self) -> None:
        if self._select is None:
            return
        value = self._option_value if self._option_value is not None else self._option_text.strip()
        if self._select_first is None:
            self._select_first = value
        if self._option_selected:
            self._select_chosen.append(value)
        self._option_value, self._option_selected, self._option_text = None, False, ""

    def handle_endtag(self, tag: str) -> None:
        if not self._in_form:
            return
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            chosen = self._select_chosen
            if not chosen and not self._select_multiple and self._select_first is not None:
                chosen = [self._select_first]  # a single select submits its first option
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # a browser drops the one newline that may follow <textarea>
            self.fields.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form, self._done = False, True


def form_fields(html: str, form_id: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would submit from the page's post form (or the form
    with that id) as it stands: hidden and text inputs, checked boxes and radios, selected
    options (a single select's first one when none is), textareas. Not buttons, files, or
    disabled fields."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    return reader.fields


def replace_field(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """The fields with `name` set to `value` (added if the form had no such field)."""
    kept = [(k, v) for k, v in fields if k != name]
    return [*kept, (name, value)]


def csrf_token(html: str) -> str | None:
    match = _CSRF.search(html)
    return match.group(1) if match else None


def project_ids(html: str) -> list[int]:
    """The projects a page links to (the list's rows), in page order, each once."""
    return list(dict.fromkeys(int(pk) for pk in _PROJECT_LINK.findall(html)))


# The refusal of a save made on a copy that another user has changed since it was opened
# (ledger.history.check_version): the answer the app must give, not an error of the run.
STALE_REFUSAL = "已被他人修改，本次未保存"


def is_stale_refusal(status: int, html: str) -> bool:
    return status == 200 and STALE_REFUSAL in html
