"""The help page (填写说明): for each role, its steps in the order the notice sets them, each
with the clause of the notice it carries out. One table; the page and the "填写说明" links
on the form pages read it."""

from dataclasses import dataclass

from ledger.choices import Role


@dataclass(frozen=True)
class Step:
    key: str  # the anchor a form page links to (#step-<key>)
    title: str
    clause: str  # the notice's clause: 十一 … 二十三, 附件1 … 附件6
    text: str
    page: str = ""  # URL name of the page where the step is done


PUSHED = Step(
    "push",
    "接收推送的项目",
    "十一",
    "县乡村振兴局从全国系统导出经营性帮扶产业项目后推送到本单位，在“待调研项目”中列出；"
    "可勾选（或全选）后确认已开始调研。",
    "push_waiting",
)
SURVEY = Step(
    "project",
    "实地调研并填报项目信息",
    "十二、附件5",
    "组织专业力量实地调研后，在项目表单中填写功能现状、使用现状、生产经营情况和联农带农情况；"
    "各栏对应管理台账（附件5）的列，带“*”的为必填项，金额以元为单位（可带千分位）。",
    "project_list",
)
WEEKLY = Step(
    "weekly",
    "报送周调度",
    "二十二",
    "每周四16:00前报送：1.台账建立情况；2.盘活、重建类项目处置整改措施落实情况；"
    "3.停产闲置率、经营困难率、未发挥联农带农率（1–3项由系统按台账计算）；4.其他进展情况（没有的填“无”）。"
    "截止前可修改，每次报送均保留。",
    "weekly_report",
)
NOTICE = Step(
    "notice",
    "张贴公示并登记异议",
    "十四、十九",
    "审定结果在项目实施主管单位和实施地分别公示5个工作日以上；登记张贴的地点和日期（附照片），"
    "公示期间收到的异议逐条登记，由县领导小组办公室处理。",
    "approvals:notices",
)
DISPOSAL = Step(
    "disposal",
    "开展处置并重新分类备案",
    "十五、二十",
    "按批复的处置措施开展处置，记录进展；处置完毕后评定成效，召开党组（委）会重新分类，"
    "将重新填写的分类表和会议纪要报县领导小组备案。",
    "approvals:inbox",
)
ARCHIVE = Step(
    "archive",
    "备案归档",
    "二十三、附件6",
    "按归档目录（附件6）整理申请表、统计表、台账、会议纪要、公示照片等资料；可在“归档”页下载目录和资料包。",
    "archive",
)


def application(form: str) -> Step:
    return Step(
        "application",
        "党组（委）会研究并填报申请表",
        f"十三、{form}、附件4",
        f"根据实地调研的处置意见召开党组（委）会，专题研究“四个一批”分类及处置措施，形成会议纪要；"
        f"填写申请表（{form}），连同调研报告和分类统计表（附件4）报送。报送后按路线依次签署意见，不能再修改。",
        "project_list",
    )


HELP: dict[str, list[Step]] = {
    Role.VILLAGE: [
        Step(
            "project",
            "配合实地调研，核实本村项目信息",
            "十二",
            "村实施的项目由所在乡镇（街道）组织实地调研；村委会核实本村项目的台账信息，发现不符及时报乡镇（街道）。",
            "project_list",
        ),
        Step(
            "application",
            "填写村本级项目申请表并签署村委会意见",
            "十三、附件1",
            "村本级主管和实施的项目填写附件1；村委会研究后签署意见，报乡镇（街道）审核。",
            "approvals:inbox",
        ),
        NOTICE,
    ],
    Role.TOWNSHIP: [PUSHED, SURVEY, application("附件1、附件2"), NOTICE, DISPOSAL, WEEKLY, ARCHIVE],
    Role.DEPARTMENT: [PUSHED, SURVEY, application("附件3"), NOTICE, DISPOSAL, WEEKLY, ARCHIVE],
    Role.REVIEWER: [
        Step(
            "review",
            "会同提出处置意见",
            "十二",
            "财政、审计、纪检监察等部门会同主管单位提出初步处置意见：在“待办审批”中签署本部门意见，可同意或退回并说明理由。",
            "approvals:inbox",
        ),
    ],
    Role.BUREAU: [
        Step(
            "import",
            "导入全国系统台账并推送项目",
            "十一",
            "上传全国系统导出的台账（.xlsx），核对列映射和预览（新增、修改、拒绝的行）后确认导入；"
            "新增项目自动推送到主管单位。导入后页面显示本次导入的结果。",
            "import_upload",
        ),
        Step(
            "weekly",
            "汇总周调度并提醒未报送单位",
            "二十二",
            "在“全县周调度”查看各单位报送情况和三率；选“未报送”筛选出尚未报送的单位，勾选后点“提醒”。",
            "weekly_county",
        ),
        Step(
            "monthly",
            "更新月度台账和分类统计表",
            "二十二、附件4、附件5",
            "每月第一周系统自动存档当月的管理台账和分类统计表；也可在“历月报表”点“生成本月版本”，需要时“重新生成”（原版本保留）。",
            "snapshot_list",
        ),
        Step(
            "exports",
            "导出台账与统计表",
            "附件4、附件5",
            "在项目台账按条件筛选后点“导出筛选结果”，或在“导出”页下载全县、各乡镇（街道）、各部门的台账和统计表。",
            "project_list",
        ),
        ARCHIVE,
    ],
    Role.OFFICE: [
        Step(
            "meeting",
            "领导小组会议审定",
            "十四、十九",
            "将报送的申请列入县领导小组会议，逐项登记审定结果（同意或退回并说明理由），形成会议纪要。",
            "approvals:meetings",
        ),
        Step(
            "letter",
            "批复行业部门或乡镇（街道）",
            "十四",
            "审定结果以批复送达报送单位，批复编号由县领导小组办公室登记。",
            "approvals:letters",
        ),
        Step(
            "notice",
            "公示与异议处理",
            "十四",
            "公示5个工作日以上；登记的异议由办公室处理（成立的退回重新研究），公示期满后结束公示，分类随即生效。",
            "approvals:notices",
        ),
        Step(
            "refiling",
            "处置完毕后的重新分类备案",
            "十五、二十",
            "处置完毕后，主管单位报送重新分类表和会议纪要，办公室登记备案。",
            "approvals:inbox",
        ),
    ],
}


def help_sections(role: str | None) -> list[tuple[str, str, list[Step]]]:
    """Every role's section (code, label, steps), the user's own first."""
    sections = [(r.value, r.label, HELP[r]) for r in Role if r in HELP]
    return sorted(sections, key=lambda s: s[0] != role)
