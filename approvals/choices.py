"""The enumerations of the approvals: the route of opinions and its states (十二–十五; the
opinion boxes of 附件1–3), the documents of the class-specific procedure (七–十)."""

from django.db import models


class Status(models.TextChoices):
    PREPARING = "preparing", "编制中"
    VILLAGE = "village", "待村委会意见"
    TOWNSHIP = "township", "待乡镇(街道)意见"
    DEPARTMENT = "department", "待主管部门党组研究报送"
    COUNTY = "county", "待县领导小组审定"
    APPROVED = "approved", "已审定待公示"
    NOTICE = "notice", "公示中"
    EFFECTIVE = "effective", "已生效（处置中）"
    COMPLETED = "completed", "处置完成待评估"
    EVALUATED = "evaluated", "已评估"
    WITHDRAWN = "withdrawn", "已撤回"
    RECORD_FILED = "record_filed", "已报送备案，待县领导小组办公室备案"
    # an exit (二, 基本原则) in effect: recovering, then settled or written off
    RECOVERING = "recovering", "已退出，追偿中"
    SETTLED = "settled", "已退出，追偿已结清"
    WRITTEN_OFF = "written_off", "已退出，追偿已核销"


class ApplicationKind(models.TextChoices):
    """An application's kind: the first classification goes the whole route of opinions,
    decision and notice (十二–十四); a re-classification after disposal and evaluation is a
    filing (备案) with the leading group (十五)."""

    CLASSIFICATION = "classification", "分类申请"
    REFILING = "refiling", "重新分类备案"
    # 二, 基本原则: "对无法建立联农带农机制的，建立退出和追偿机制"; same route as a class decision
    EXIT = "exit", "退出申请"


# Before the county decision: the preparer may still withdraw.
UNDECIDED = frozenset({Status.PREPARING, Status.VILLAGE, Status.TOWNSHIP, Status.DEPARTMENT, Status.COUNTY})
REVIEWING = frozenset({Status.VILLAGE, Status.TOWNSHIP, Status.DEPARTMENT, Status.COUNTY})
# After the county decision (十四), withdrawn applications aside.
DECIDED = frozenset({Status.APPROVED, Status.NOTICE, Status.EFFECTIVE, Status.COMPLETED, Status.EVALUATED})
# The project has exited (an exit decision in effect): no new round may start.
EXITED = frozenset({Status.RECOVERING, Status.SETTLED, Status.WRITTEN_OFF})
# A round of classification still under way: at most one per project.
ACTIVE = frozenset(UNDECIDED | {Status.APPROVED, Status.NOTICE, Status.RECORD_FILED})
# The classification has taken effect (the notice ended with no open objection).
IN_EFFECT = frozenset({Status.EFFECTIVE, Status.COMPLETED, Status.EVALUATED})


class Actor(models.TextChoices):
    """Who acts at a step of the route (approvals.route.ROUTE): the unit whose opinion box
    of the form (附件1–3) it is, or the county office for the leading group (十四)."""

    VILLAGE = "village", "项目所在村(居)委会"
    TOWNSHIP = "township", "项目所在乡镇(街道)"
    DEPARTMENT = "department", "主管部门"
    OFFICE = "office", "县领导小组办公室"


class Party(models.TextChoices):
    """Who may take an action of the transition table (approvals.route.TRANSITIONS)."""

    PREPARER = "preparer", "编制单位"
    STEP = "step", "本步骤的审核单位"
    OFFICE = "office", "县领导小组办公室"
    PREPARER_OR_OFFICE = "preparer_or_office", "编制单位或县领导小组办公室"
    SUBMITTER_OR_OFFICE = "submitter_or_office", "报送单位或县领导小组办公室"
    JOINT_REVIEWER = "joint_reviewer", "财政、审计、纪检监察部门"


class Outcome(models.TextChoices):
    """The county's decision on one application of a batch (十四)."""

    SKIP = "skip", "暂不审定"
    APPROVE = "approve", "同意"
    RETURN = "return", "退回"


class Decision(models.TextChoices):
    AGREE = "agree", "同意"
    RETURN = "return", "退回"


class OpinionStep(models.TextChoices):
    VILLAGE = "village", "村委会意见"
    TOWNSHIP = "township", "乡镇(街道)意见"
    DEPARTMENT = "department", "行业部门意见"
    COUNTY = "county", "县实施乡村振兴战略领导小组意见"


class MeetingKind(models.TextChoices):
    PARTY = "party", "党组(委)会"
    COUNTY = "county", "县领导小组会议"


class DocumentKind(models.TextChoices):
    SURVEY_REPORT = "survey_report", "实地调研情况报告"
    EVALUATION_REPORT = "evaluation_report", "项目评估报告"
    REBUILD_PLAN = "rebuild_plan", "重建方案"
    AGREEMENT = "agreement", "项目协议书或合同书"
    OTHER = "other", "其他材料"


class PostingPlace(models.TextChoices):
    """The two places a notice is posted: "在项目实施主管单位和实施地分别进行公告" (十四)."""

    UNIT = "unit", "项目实施主管单位"
    SITE = "site", "项目实施地"


class Action(models.TextChoices):
    CREATE = "create", "新建申请"
    UPDATE = "update", "修改申请"
    FILE = "file", "报送"
    AGREE = "agree", "同意"
    RETURN = "return", "退回"
    WITHDRAW = "withdraw", "撤回"
    APPROVE = "approve", "县领导小组审定同意"
    POST_NOTICE = "post_notice", "张贴公示"
    OBJECTION_UPHELD = "objection_upheld", "异议成立，退回重新研究"
    TAKE_EFFECT = "take_effect", "公示期满生效"
    COMPLETE = "complete", "处置完成"
    EVALUATE = "evaluate", "处置效果评估"
    FILE_RECORD = "file_record", "报送备案"
    RECORD = "record", "备案，新分类生效"
    FILE_EXIT = "file_exit", "报送退出申请"
    EXIT = "exit", "公示期满，项目退出"
    RECOVER = "recover", "登记追偿款"
    SETTLE = "settle", "追偿结清"
    WRITE_OFF = "write_off", "追偿核销"


class Act(models.TextChoices):
    """The actions of the transition table (approvals.route.TRANSITIONS): what a user may do to
    an application, each allowed from some states only."""

    UPDATE = "update", "修改"
    FILE = "file", "报送"
    WITHDRAW = "withdraw", "撤回"
    AGREE = "agree", "签署意见"
    RETURN = "return", "退回"
    DECIDE = "decide", "审定"
    POST_NOTICE = "post_notice", "公示"
    UPHOLD_OBJECTION = "uphold_objection", "异议成立退回"
    CLOSE_NOTICE = "close_notice", "结束公示"
    PROGRESS = "progress", "填报处置进展"
    COMPLETE = "complete", "确认处置完成"
    EVALUATE = "evaluate", "评估处置效果"
    RECLASSIFY = "reclassify", "重新分类"
    DOCUMENT = "document", "上传材料"
    REBUILD_PLAN = "rebuild_plan", "上传重建方案"
    REVITALISATION_PLAN = "revitalisation_plan", "填报盘活方案"
    JOINT_REVIEW = "joint_review", "填写会审意见"
    FILE_RECORD = "file_record", "报送备案"
    RECORD = "record", "备案"
    FILE_EXIT = "file_exit", "报送退出申请"
    RECOVER = "recover", "登记追偿款"
    SETTLE = "settle", "追偿结清"
    WRITE_OFF = "write_off", "追偿核销"


# Where a notice is posted unless the unit says otherwise: "在项目实施主管单位和实施地分别进行公告" (十四).
DEFAULT_NOTICE_PLACES = "主管单位公示栏、项目所在地"


class ObjectionSource(models.TextChoices):
    """How an objection reached the unit: recorded by its staff, or lodged on the public page."""

    HAND = "hand", "登记"
    ONLINE = "online", "网上提出"
