"""Keep capability links out of the server's request log.

A parent's notice link (/n/<token>) lets anyone holding it read the notice; the development
server (and any access log built on werkzeug's logger) would write it to the log. The filter
replaces the token before the record is written.
"""

import logging
import re

# Also the single-use invitation and password-reset links of accounts.
_TOKEN_PATH = re.compile(r"(/n/|/invitation/|/reset/)[^\s\"?#]+")
# The SSO provider's answer: an authorization code and the state (incidents/sso).
_SSO_CALLBACK_QUERY = re.compile(r"(/sso/callback\?)[^\s\"#]+")


def redact(text: str) -> str:
    return _SSO_CALLBACK_QUERY.sub(r"\1[redacted]", _TOKEN_PATH.sub(r"\1[redacted]", text))


class RedactNoticeLinks(logging.Filter):
    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install():
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactNoticeLinks) for f in logger.filters):
        logger.addFilter(RedactNoticeLinks())
