# The disputes module's fixtures, for tests here that need a dispute case to attack.
from ..disputes.conftest import apply, zhangjiang_firm  # noqa: F401
