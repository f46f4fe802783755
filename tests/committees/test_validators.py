import pytest
from django.core.exceptions import ValidationError

from committees.validators import find_control_character, validate_single_line, validate_text


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "x\x7f", "\x85", "\ufffe"])
def test_control_characters_are_refused_everywhere(text):
    with pytest.raises(ValidationError):
        validate_text(text)
    with pytest.raises(ValidationError):
        validate_single_line(text)


def test_line_breaks_are_refused_only_in_single_line_text():
    validate_text("第一行\r\n第二行\t完")
    with pytest.raises(ValidationError) as raised:
        validate_single_line("东港镇\r\n")
    assert "U+000D" in str(raised.value.messages)


def test_ordinary_chinese_rtl_and_emoji_text_passes():
    assert find_control_character("东港镇 \u202e😀 ＝公式", single_line=True) is None
