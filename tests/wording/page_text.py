"""What a page says to its reader, and the phrases a county office would not write."""

import html
import re

# Django's and Python's own words: English defaults, and the generic Chinese of Django's
# catalogue that pengshui/locale replaces (D99).
DEFAULT_PHRASES = (
    "This field",
    "Enter a valid",
    "Enter a number",
    "Enter a whole number",
    "Ensure this value",
    "Ensure that there are",
    "already exists",
    "Select a valid choice",
    "Page not found",
    "Forbidden",
    "Server Error",
    "Bad Request",
    "Traceback",
    "ManagementForm",
    "No file was submitted",
    "这个字段是必填项",
    "此字段不能为空",
    "这个值不能为",
    "输入一个有效的",
    "输入一个数字",
    "输入整数",
    "确保该",
    "确认小数",
    "确认总共",
    "具有 ",
    "选择一个有效的选项",
    "不在可用的选项中",
    "的值应该是",
    "约束 “",
    "没有提交文件",
    "所提交的是空文件",
)
NONE = re.compile(r"(?<![A-Za-z_])None(?![A-Za-z_])")
CJK = re.compile(r"[\u3400-\u9fff]")
HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
# what the pages show as a message or an error: the messages framework's alerts (base.html),
# crispy's and the project's field errors, Django's error lists
MESSAGE_BLOCKS = re.compile(
    r'<(div|p|span|li|ul)\b[^>]*(?:role="alert"|class="[^"]*(?:invalid-feedback|errorlist|alert-danger)[^"]*")[^>]*>'
    r"(.*?)</\1>",
    re.S,
)


def visible_text(page: str) -> str:
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", page)))


def default_phrases(page: str) -> list[str]:
    """The default phrases the page shows its reader."""
    text = visible_text(page)
    found = [p for p in DEFAULT_PHRASES if p in text]
    found += [f"None: …{text[max(m.start() - 20, 0) : m.end() + 20].strip()}…" for m in NONE.finditer(text)]
    return found


def ascii_messages(page: str) -> list[str]:
    """Messages and errors on the page without a Chinese character."""
    out = []
    for match in MESSAGE_BLOCKS.finditer(HIDDEN.sub(" ", page)):
        text = " ".join(html.unescape(TAG.sub(" ", match.group(2))).split())
        if text and not CJK.search(text):
            out.append(text)
    return out


# a label, help text or message: Chinese punctuation is full-width (：，；（）)
LABELS = re.compile(
    r'<(label|small|div|span|p|li)\b[^>]*(?:class="[^"]*(?:form-label|form-text|asteriskField|invalid-feedback|alert)'
    r'[^"]*"|role="alert")[^>]*>(.*?)</\1>|<label\b[^>]*>(.*?)</label>',
    re.S,
)
# the notice's own terms as its attachments (附件1–3) print them, kept so on screen as in the
# workbooks and the import headings that must match them (D101)
NOTICE_TERMS = ("村(居)", "镇(乡)", "合作发展(入股)", "乡镇(街道)")
HALF_WIDTH = re.compile(r"[\u3400-\u9fff（）“”][(),:;]|[(),:;][\u3400-\u9fff（）“”]")


def half_width_punctuation(page: str) -> list[str]:
    """Labels, help texts and messages with a half-width (),:; beside a Chinese character."""
    out = []
    for match in LABELS.finditer(HIDDEN.sub(" ", page)):
        text = " ".join(html.unescape(TAG.sub(" ", match.group(2) or match.group(3) or "")).split())
        bare = text
        for term in NOTICE_TERMS:
            bare = bare.replace(term, "")
        if HALF_WIDTH.search(bare):
            out.append(text)
    return out


REQUIRED = re.compile(r'<(input|select|textarea)\b(?=[^>]*\srequired)(?=[^>]*\sid="([^"]+)")[^>]*>', re.S)


def unmarked_required(page: str) -> list[str]:
    """Required inputs whose label has no red asterisk (crispy's asteriskField). The label is
    the last one for the input's id before it (a page may hold several forms with the same
    field names); a radio or check box group is marked on its group's label or legend."""
    out = []
    body = HIDDEN.sub(" ", page)
    for match in REQUIRED.finditer(body):
        tag, field_id = match.group(0), match.group(2)
        if 'type="hidden"' in tag:
            continue
        before = body[: match.start()]
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            start = max(before.rfind("<legend"), before.rfind('class="form-label'))
            marked = start >= 0 and "asteriskField" in before[start:]
        else:
            labels = re.findall(rf'<label\b[^>]*for="{re.escape(field_id)}"[^>]*>(.*?)</label>', before, re.S)
            marked = bool(labels) and "asteriskField" in labels[-1]
        if not marked:
            out.append(field_id)
    return sorted(set(out))
