"""kombu's Redis transport for the workers, made to survive Redis going away mid-build.

When a worker loses its broker connection (Redis restarted, failed over), Celery drops the
connection and then closes it, and closing the channel tries to put the jobs under way back on
the queue through that dropped connection. kombu (5.7) then fails with an ``AttributeError``
that Celery does not expect, and the worker stops ("Unrecoverable error") instead of
reconnecting. Here the channel knows that case: with no connection left, the jobs under way
are left in Redis's list of unacknowledged jobs, from which the visibility timeout hands them
out again (the usual path after a lost worker), and any other command on the dropped
connection raises the connection error Celery handles by reconnecting.

Used through ``broker_transport`` (`feedsmith.cluster.tasks`); the broker URL is unchanged.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from kombu.transport import redis as kombu_redis

log = logging.getLogger(__name__)


def _dropped(channel: Any) -> bool:
    """True when Celery has dropped the channel's connection (after the broker was lost)."""
    connection = getattr(channel, "connection", None)
    return connection is None or connection.client is None


class QoS(kombu_redis.QoS):
    def restore_unacked(self, client: Any = None) -> None:
        if client is None and _dropped(self.channel):
            log.warning(
                "the broker connection was lost with %d job(s) under way: they stay in Redis "
                "and are handed out again after the visibility timeout",
                len(self._delivered),
            )
            self._delivered.clear()
            return
        super().restore_unacked(client)  # type: ignore[no-untyped-call]


class Channel(kombu_redis.Channel):
    QoS = QoS

    def _connparams(self, asynchronous: bool = False) -> Any:
        if _dropped(self):
            raise redis.ConnectionError("the connection to the broker was closed")
        return super()._connparams(asynchronous=asynchronous)  # type: ignore[no-untyped-call]


class Transport(kombu_redis.Transport):
    Channel = Channel
