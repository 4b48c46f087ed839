"""The data-source query engine: filters, sorts and the capped, paginated result.

Pure functions over objects in *response* form: a data source's ``properties`` (the schema,
name -> ``{"id", "name", "type", <type>: {...}}``) and page objects as Notion returns them.
No I/O, no clock unless one is passed in.

* :func:`compile_filter` validates a ``filter`` body once and returns a cheap predicate.
  Validation runs in two passes, like Notion's: first the shape of the whole tree (``body
  failed validation: ...``), then the property references against the schema (``Could not
  find property with name or id: X`` and the type-mismatch message).
* :func:`sort_pages` applies ``sorts`` (a stable multi-key sort).
* :func:`paginate` cuts one page out of a result, honouring the 10,000-row query cap
  (:data:`QUERY_ROW_CAP`, :func:`request_status_incomplete`).

Semantics, where Notion's documentation leaves room (each a deliberate choice):

Text (title, rich_text, url, email, phone_number; a rich-text value is its joined
``plain_text``, an empty value is ``""``)
    ``equals`` / ``does_not_equal`` compare exactly and case-sensitively (the docs: "matches
    the provided string exactly"). ``contains``, ``does_not_contain``, ``starts_with`` and
    ``ends_with`` ignore case (``str.casefold``), as the Notion UI does.
Negative conditions and empty values
    ``does_not_equal`` / ``does_not_contain`` match empty values (an empty number is "not
    equal to 5"); ordering conditions (``greater_than``, ``before``, ...) never match an
    empty value.
select / status / multi_select
    Option names compare exactly. A list operand (allowed since the SDK's
    ``StringOrStringArray``) means "any of" for ``equals``/``contains`` and "none of" for
    ``does_not_equal``/``does_not_contain``.
Dates
    Every value becomes a UTC instant truncated to milliseconds; a date-only value is
    midnight UTC; a datetime without an offset is read in its ``time_zone`` if one is given,
    else UTC. A date property's range is compared by its ``start``. A date-only operand (or a
    relative one: ``today``, ``one_week_ago``, ...) stands for that whole UTC day, so
    ``equals "2021-05-10"`` matches any instant of that day, ``after`` means after the day,
    ``on_or_before`` means up to its end. An operand with a time is one millisecond.
    ``past_week`` etc. are whole UTC days: ``past_week`` = the 7 days before today through
    today, ``next_week`` = today through 7 days ahead, ``past_month``/``next_month`` and
    ``past_year``/``next_year`` likewise by calendar months; ``this_week`` is the week
    containing today, starting on Sunday (Notion's default week start).
people / created_by / last_edited_by / relation
    Ids compare without dashes and case; ``"me"`` is the ``me`` id given to
    :func:`compile_filter` (the bot), matching nothing when none is given.
formula / rollup
    A formula condition applies to the formula's result when its type matches
    (``string``, ``checkbox`` -> ``boolean``, ``number``, ``date``), else to an empty value.
    Rollup ``number``/``date`` apply to those results; ``any``/``every``/``none`` quantify
    over an array rollup's items (``every`` of no items is true).
Compound filters
    ``and``/``or`` nest two levels deep (the SDK's ``GroupFilterOperatorArray``), at most
    100 items each; an empty group matches every page, like an empty filter group in the UI.
Sorts
    Earlier sorts take precedence. Empty values go last in both directions. Text sorts by
    case-folded text; select and status by the option order of the schema; multi_select by
    its options' positions; people by name; an array rollup by its number of items. Types
    without a natural order (button, location, ...) compare as empty.
Default order
    The docs say Notion "doesn't guarantee any particular sort order when no sort parameters
    are provided". The emulator keeps the order it is given (the caller passes creation
    order, oldest first), so results are deterministic.
The cap
    A query matching more than :data:`QUERY_ROW_CAP` rows serves only the first 10,000:
    ``has_more`` turns false at the 10,000th and *every* page of such a result carries
    ``"request_status": {"type": "incomplete", "incomplete_reason":
    "query_result_limit_reached"}`` (developers.notion.com/reference/query-a-data-source,
    "Pagination limit"; the SDK's ``QueryDataSourceResponse`` has the same flat shape).
    A complete result carries no ``request_status`` (as recorded against the live API).
"""

from notion_emulator.query.filter import compile_filter
from notion_emulator.query.paginate import QUERY_ROW_CAP, paginate, request_status_incomplete
from notion_emulator.query.sort import sort_pages

__all__ = [
    "QUERY_ROW_CAP",
    "compile_filter",
    "paginate",
    "request_status_incomplete",
    "sort_pages",
]
