"""The workspace's users, named once: the integration's bot and one person.

``GET /v1/users`` lists them and ``GET /v1/users/me`` answers the bot in full
(:meth:`Directory.listed`, :meth:`Directory.bot`). Values that hold users embed them in the
form Notion gives there (:meth:`Directory.embedded`): people properties, ``created_by`` /
``last_edited_by`` properties and user mentions read ``{"object": "user", "id", "name",
"avatar_url", "type", "person": {"email"}}`` or ``..., "type": "bot", "bot": {}}``, as
recorded (``notion-recordings-uno/test_rich_text/test_mention.yaml``,
``fixtures/mod_notion_cleanups.yaml``). The ``created_by`` / ``last_edited_by`` of a page, block
or data source itself stay partial (``{"object": "user", "id"}``), as in Notion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

#: The integration's name, as users and comments show it.
BOT_NAME: Final = "notion-emulator"
#: The workspace's one person.
PERSON_NAME: Final = "Emulated Person"
PERSON_EMAIL: Final = "person@example.com"


@dataclass(frozen=True, slots=True)
class Directory:
    """Who the emulated workspace knows, and how each user reads in every place."""

    bot_id: str
    person_id: str
    workspace_name: str
    workspace_id: str
    max_upload_bytes: int

    def bot(self) -> dict[str, Any]:
        """The integration as ``/v1/users/me`` answers it."""
        return {
            "object": "user",
            "id": self.bot_id,
            "name": BOT_NAME,
            "avatar_url": None,
            "type": "bot",
            "bot": {
                "owner": {"type": "workspace", "workspace": True},
                "workspace_name": self.workspace_name,
                "workspace_id": self.workspace_id,
                "workspace_limits": {"max_file_upload_size_in_bytes": self.max_upload_bytes},
            },
        }

    def person(self) -> dict[str, Any]:
        """The person as ``/v1/users`` lists them."""
        return {
            "object": "user",
            "id": self.person_id,
            "name": PERSON_NAME,
            "avatar_url": None,
            "type": "person",
            "person": {"email": PERSON_EMAIL, "email_verified": True},
        }

    def listed(self) -> list[dict[str, Any]]:
        """Everyone, in ``/v1/users`` order."""
        return [self.person(), self.bot()]

    def name_of(self, user_id: str) -> str | None:
        """A known user's name (what a mention of them reads), None for anyone else."""
        if user_id == self.person_id:
            return PERSON_NAME
        if user_id == self.bot_id:
            return BOT_NAME
        return None

    def embedded(self, user_id: str) -> dict[str, Any]:
        """A user as a value holds them: the full object for a known user, else partial."""
        head: dict[str, Any] = {"object": "user", "id": user_id}
        if user_id == self.person_id:
            return {
                **head,
                "name": PERSON_NAME,
                "avatar_url": None,
                "type": "person",
                "person": {"email": PERSON_EMAIL},
            }
        if user_id == self.bot_id:
            return {**head, "name": BOT_NAME, "avatar_url": None, "type": "bot", "bot": {}}
        return head

    def embed_mentions(self, value: Any) -> Any:
        """``value`` (rich text, a block payload, ...) with every user mention embedded."""
        if isinstance(value, list):
            return [self.embed_mentions(item) for item in value]
        if not isinstance(value, Mapping):
            return value
        mention = value.get("mention")
        if value.get("type") == "mention" and isinstance(mention, Mapping):
            user = mention.get("user")
            if mention.get("type") == "user" and isinstance(user, Mapping):
                embedded = self.embedded(str(user.get("id", "")))
                return {**value, "mention": {"type": "user", "user": embedded}}
            return dict(value)
        return {key: self.embed_mentions(item) for key, item in value.items()}
