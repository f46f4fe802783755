"""committees.work_labels: what a user reads of a background job's stage and failure."""

from django.core.exceptions import ValidationError
from django.utils import translation

from committees.heartbeat import lost_message
from committees.work_labels import failure_message, failure_text, stage_label


def test_a_reports_stage_reads_in_words():
    with translation.override("zh-hans"):
        assert stage_label("xlsx") == "正在生成 Excel 工作簿"
        assert stage_label("indicators") == "正在计算指标"
        assert stage_label("done") == ""  # the status already says 已完成


def test_a_stage_written_in_words_stays_as_it_is():
    assert stage_label("正在检查第 3 行") == "正在检查第 3 行"


def test_a_program_error_is_kept_for_the_log_and_shown_as_what_to_do():
    error = failure_text(RuntimeError("the spreadsheet is on fire"))
    assert error == "RuntimeError: the spreadsheet is on fire"
    with translation.override("zh-hans"):
        shown = failure_message(error)
    assert "RuntimeError" not in shown and "程序出错" in shown


def test_a_message_written_for_the_user_is_shown_as_it_is():
    with translation.override("zh-hans"):
        lost = lost_message()
        assert failure_message(lost) == lost
    refused = failure_text(ValidationError("文件中没有可导入的工作表。"))
    assert refused == "文件中没有可导入的工作表。" and failure_message(refused) == refused
