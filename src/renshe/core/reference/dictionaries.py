"""Starting entries of the editable code lists (core.DictionaryEntry); administrators change them later."""

CASE_TYPES = [
    ("remuneration", "劳动报酬", "Remuneration"),
    ("social_insurance", "社会保险", "Social insurance"),
    ("contract_change", "变更劳动合同", "Change of contract"),
    ("contract_termination", "解除、终止劳动合同", "Termination of contract"),
    ("work_injury", "工伤待遇", "Work injury benefits"),
    ("other", "其他", "Other"),
]

CLAIM_TYPES = [
    ("unpaid_wages", "拖欠工资", "Unpaid wages"),
    ("overtime", "加班费", "Overtime pay"),
    ("economic_compensation", "经济补偿金", "Economic compensation"),
    ("double_wages", "未签书面劳动合同二倍工资", "Double wages (no written contract)"),
    ("social_insurance", "社会保险", "Social insurance"),
    ("work_injury", "工伤待遇", "Work injury"),
    ("work_injury_medical", "工伤医疗费", "Work-injury medical costs"),
    ("damages", "赔偿金", "Damages"),
    ("working_hours", "工作时间", "Working hours"),
    ("rest_leave", "休息休假", "Rest and leave"),
    ("other", "其他", "Other"),
]

# The case type (案件类型, the statistics' heading) a dispute's main claim puts it under; a claim type not
# named here (one the administrators added) is "other". Double wages for the months without a written
# contract (劳动合同法 第八十二条) are pay owed while the contract runs, not a claim about its ending: 劳动报酬.
CASE_TYPE_OF_CLAIM = {
    "unpaid_wages": "remuneration",
    "overtime": "remuneration",
    "double_wages": "remuneration",
    "economic_compensation": "contract_termination",
    "social_insurance": "social_insurance",
    "work_injury": "work_injury",
    "work_injury_medical": "work_injury",
    "damages": "contract_termination",
    "working_hours": "other",
    "rest_leave": "other",
    "other": "other",
}
