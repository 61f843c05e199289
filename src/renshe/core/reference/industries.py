"""Chinese national industry classification, GB/T 4754-2017 (国民经济行业分类).

Plain reference data: the 20 sections (门类, A-T) and the 97 two-digit divisions
(大类, 01-97) of the 2017 edition, whose division names were not changed by
Amendment No. 1 (2019). The tables seeded from these constants are ordinary
data: administrators can edit, add or retire entries afterwards.
"""

from django.utils.translation import gettext_noop

# (code, name); the names are marked for the English catalogue (Industry.label shows them translated)
SECTIONS: list[tuple[str, str]] = [
    ("A", gettext_noop("农、林、牧、渔业")),
    ("B", gettext_noop("采矿业")),
    ("C", gettext_noop("制造业")),
    ("D", gettext_noop("电力、热力、燃气及水生产和供应业")),
    ("E", gettext_noop("建筑业")),
    ("F", gettext_noop("批发和零售业")),
    ("G", gettext_noop("交通运输、仓储和邮政业")),
    ("H", gettext_noop("住宿和餐饮业")),
    ("I", gettext_noop("信息传输、软件和信息技术服务业")),
    ("J", gettext_noop("金融业")),
    ("K", gettext_noop("房地产业")),
    ("L", gettext_noop("租赁和商务服务业")),
    ("M", gettext_noop("科学研究和技术服务业")),
    ("N", gettext_noop("水利、环境和公共设施管理业")),
    ("O", gettext_noop("居民服务、修理和其他服务业")),
    ("P", gettext_noop("教育")),
    ("Q", gettext_noop("卫生和社会工作")),
    ("R", gettext_noop("文化、体育和娱乐业")),
    ("S", gettext_noop("公共管理、社会保障和社会组织")),
    ("T", gettext_noop("国际组织")),
]

# (code, name, section_code)
DIVISIONS: list[tuple[str, str, str]] = [
    # A 农、林、牧、渔业
    ("01", gettext_noop("农业"), "A"),
    ("02", gettext_noop("林业"), "A"),
    ("03", gettext_noop("畜牧业"), "A"),
    ("04", gettext_noop("渔业"), "A"),
    ("05", gettext_noop("农、林、牧、渔专业及辅助性活动"), "A"),
    # B 采矿业
    ("06", gettext_noop("煤炭开采和洗选业"), "B"),
    ("07", gettext_noop("石油和天然气开采业"), "B"),
    ("08", gettext_noop("黑色金属矿采选业"), "B"),
    ("09", gettext_noop("有色金属矿采选业"), "B"),
    ("10", gettext_noop("非金属矿采选业"), "B"),
    ("11", gettext_noop("开采专业及辅助性活动"), "B"),
    ("12", gettext_noop("其他采矿业"), "B"),
    # C 制造业
    ("13", gettext_noop("农副食品加工业"), "C"),
    ("14", gettext_noop("食品制造业"), "C"),
    ("15", gettext_noop("酒、饮料和精制茶制造业"), "C"),
    ("16", gettext_noop("烟草制品业"), "C"),
    ("17", gettext_noop("纺织业"), "C"),
    ("18", gettext_noop("纺织服装、服饰业"), "C"),
    ("19", gettext_noop("皮革、毛皮、羽毛及其制品和制鞋业"), "C"),
    ("20", gettext_noop("木材加工和木、竹、藤、棕、草制品业"), "C"),
    ("21", gettext_noop("家具制造业"), "C"),
    ("22", gettext_noop("造纸和纸制品业"), "C"),
    ("23", gettext_noop("印刷和记录媒介复制业"), "C"),
    ("24", gettext_noop("文教、工美、体育和娱乐用品制造业"), "C"),
    ("25", gettext_noop("石油、煤炭及其他燃料加工业"), "C"),
    ("26", gettext_noop("化学原料和化学制品制造业"), "C"),
    ("27", gettext_noop("医药制造业"), "C"),
    ("28", gettext_noop("化学纤维制造业"), "C"),
    ("29", gettext_noop("橡胶和塑料制品业"), "C"),
    ("30", gettext_noop("非金属矿物制品业"), "C"),
    ("31", gettext_noop("黑色金属冶炼和压延加工业"), "C"),
    ("32", gettext_noop("有色金属冶炼和压延加工业"), "C"),
    ("33", gettext_noop("金属制品业"), "C"),
    ("34", gettext_noop("通用设备制造业"), "C"),
    ("35", gettext_noop("专用设备制造业"), "C"),
    ("36", gettext_noop("汽车制造业"), "C"),
    ("37", gettext_noop("铁路、船舶、航空航天和其他运输设备制造业"), "C"),
    ("38", gettext_noop("电气机械和器材制造业"), "C"),
    ("39", gettext_noop("计算机、通信和其他电子设备制造业"), "C"),
    ("40", gettext_noop("仪器仪表制造业"), "C"),
    ("41", gettext_noop("其他制造业"), "C"),
    ("42", gettext_noop("废弃资源综合利用业"), "C"),
    ("43", gettext_noop("金属制品、机械和设备修理业"), "C"),
    # D 电力、热力、燃气及水生产和供应业
    ("44", gettext_noop("电力、热力生产和供应业"), "D"),
    ("45", gettext_noop("燃气生产和供应业"), "D"),
    ("46", gettext_noop("水的生产和供应业"), "D"),
    # E 建筑业
    ("47", gettext_noop("房屋建筑业"), "E"),
    ("48", gettext_noop("土木工程建筑业"), "E"),
    ("49", gettext_noop("建筑安装业"), "E"),
    ("50", gettext_noop("建筑装饰、装修和其他建筑业"), "E"),
    # F 批发和零售业
    ("51", gettext_noop("批发业"), "F"),
    ("52", gettext_noop("零售业"), "F"),
    # G 交通运输、仓储和邮政业
    ("53", gettext_noop("铁路运输业"), "G"),
    ("54", gettext_noop("道路运输业"), "G"),
    ("55", gettext_noop("水上运输业"), "G"),
    ("56", gettext_noop("航空运输业"), "G"),
    ("57", gettext_noop("管道运输业"), "G"),
    ("58", gettext_noop("多式联运和运输代理业"), "G"),
    ("59", gettext_noop("装卸搬运和仓储业"), "G"),
    ("60", gettext_noop("邮政业"), "G"),
    # H 住宿和餐饮业
    ("61", gettext_noop("住宿业"), "H"),
    ("62", gettext_noop("餐饮业"), "H"),
    # I 信息传输、软件和信息技术服务业
    ("63", gettext_noop("电信、广播电视和卫星传输服务"), "I"),
    ("64", gettext_noop("互联网和相关服务"), "I"),
    ("65", gettext_noop("软件和信息技术服务业"), "I"),
    # J 金融业
    ("66", gettext_noop("货币金融服务"), "J"),
    ("67", gettext_noop("资本市场服务"), "J"),
    ("68", gettext_noop("保险业"), "J"),
    ("69", gettext_noop("其他金融业"), "J"),
    # K 房地产业
    ("70", gettext_noop("房地产业"), "K"),
    # L 租赁和商务服务业
    ("71", gettext_noop("租赁业"), "L"),
    ("72", gettext_noop("商务服务业"), "L"),
    # M 科学研究和技术服务业
    ("73", gettext_noop("研究和试验发展"), "M"),
    ("74", gettext_noop("专业技术服务业"), "M"),
    ("75", gettext_noop("科技推广和应用服务业"), "M"),
    # N 水利、环境和公共设施管理业
    ("76", gettext_noop("水利管理业"), "N"),
    ("77", gettext_noop("生态保护和环境治理业"), "N"),
    ("78", gettext_noop("公共设施管理业"), "N"),
    ("79", gettext_noop("土地管理业"), "N"),
    # O 居民服务、修理和其他服务业
    ("80", gettext_noop("居民服务业"), "O"),
    ("81", gettext_noop("机动车、电子产品和日用产品修理业"), "O"),
    ("82", gettext_noop("其他服务业"), "O"),
    # P 教育
    ("83", gettext_noop("教育"), "P"),
    # Q 卫生和社会工作
    ("84", gettext_noop("卫生"), "Q"),
    ("85", gettext_noop("社会工作"), "Q"),
    # R 文化、体育和娱乐业
    ("86", gettext_noop("新闻和出版业"), "R"),
    ("87", gettext_noop("广播、电视、电影和录音制作业"), "R"),
    ("88", gettext_noop("文化艺术业"), "R"),
    ("89", gettext_noop("体育"), "R"),
    ("90", gettext_noop("娱乐业"), "R"),
    # S 公共管理、社会保障和社会组织
    ("91", gettext_noop("中国共产党机关"), "S"),
    ("92", gettext_noop("国家机构"), "S"),
    ("93", gettext_noop("人民政协、民主党派"), "S"),
    ("94", gettext_noop("社会保障"), "S"),
    ("95", gettext_noop("群众团体、社会团体和其他成员组织"), "S"),
    ("96", gettext_noop("基层群众自治组织及其他组织"), "S"),
    # T 国际组织
    ("97", gettext_noop("国际组织"), "T"),
]
