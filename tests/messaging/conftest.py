# an application at 张江's centre, as the disputes tests make one
from tests.disputes.conftest import apply, zhangjiang_firm  # noqa: F401
