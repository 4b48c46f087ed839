"""notion-emulator: a faithful local Notion API for offline runs and tests.

:mod:`.app` is the ASGI application (``create_app``); a ``/v1`` request is looked up in
:mod:`.handlers.routes`, checked by :mod:`.schema`, answered by one module of :mod:`.handlers`
per resource from what :mod:`.store` keeps (request payloads made storable by :mod:`.normalize`,
data-source queries run by :mod:`.query`), and shaped by :mod:`.render`. :mod:`.ratelimit` and
:mod:`.faults` make it behave like the real service under load; :mod:`.transport` runs it
in-process behind ``httpx``; :mod:`.cli` and :mod:`.pytest_plugin` start it.
"""
