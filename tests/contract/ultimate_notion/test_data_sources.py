"""ultimate-notion on data sources: schemas, rows, queries, property changes, databases,
formulas, relations, rollups and unique ids (the set-up is in conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import ultimate_notion as uno
from ultimate_notion import AggFunc, Option, PropType, Schema, prop

# -- schemas, rows and queries --------------------------------------------------------------


class Task(Schema, db_title="Tasks"):
    """Work to do."""

    name = PropType.Title("Name")
    notes = PropType.Text("Notes")
    hours = PropType.Number("Hours")
    priority = PropType.Select(
        "Priority", options=[Option("low", color="gray"), Option("high", color="red")]
    )
    tags = PropType.MultiSelect(
        "Tags", options=[Option("home", color="blue"), Option("work", color="green")]
    )
    due = PropType.Date("Due")
    owner = PropType.Person("Owner")
    done = PropType.Checkbox("Done")
    email = PropType.Email("Email")
    link = PropType.URL("Link")
    phone = PropType.Phone("Phone")
    created = PropType.CreatedTime("Created")
    creator = PropType.CreatedBy("Creator")


@pytest.fixture(scope="module")
def tasks(notion: uno.Session, served: dict[str, str]) -> Any:
    """The Tasks data source with three rows."""
    root = notion.get_page(served["root_page_id"])
    holder = notion.create_page(root, title="Tasks holder")
    source = notion.create_ds(holder, schema=Task)
    person = next(user for user in notion.all_users() if not user.is_bot)
    Task.create(
        name="Write report",
        notes="quarterly",
        hours=2.5,
        priority="high",
        tags=["work"],
        due=dt.date(2026, 3, 1),
        owner=[person],
        done=False,
        email="a@example.com",
        link="https://example.com/report",
        phone="+49 30 1234",
    )
    Task.create(name="Buy milk", hours=0.5, priority="low", tags=["home"], done=True)
    Task.create(name="Fix roof", hours=8, priority="high", tags=["home", "work"])
    return source


def test_a_schema_creates_a_data_source_with_every_property(
    notion: uno.Session, tasks: Any
) -> None:
    """The schema's docstring becomes the description (set on the database, shown on the data
    source), and the data source is a child of its page."""
    schema = tasks.reload().schema
    assert str(tasks.title) == "Tasks"
    assert str(tasks.description) == "Work to do."
    assert [p.name for p in schema.get_props()] == [p.name for p in Task.get_props()]
    assert [str(option) for option in schema.get_prop("Priority").options] == ["low", "high"]
    holder = notion.get_page(tasks.parent.id, use_cache=False)
    assert holder.sub_dss == [tasks]
    assert "Tasks" in holder.to_markdown()


def test_row_values_read_back_as_written(notion: uno.Session, tasks: Any) -> None:
    row = tasks.query.filter(prop("Name") == "Write report").execute().to_pages()[0]
    fresh = notion.get_page(row.id, use_cache=False)
    props = fresh.props
    assert props["Notes"] == "quarterly"
    assert props["Hours"] == 2.5
    assert str(props["Priority"]) == "high"
    assert [str(tag) for tag in props["Tags"]] == ["work"]
    assert props["Due"] == dt.date(2026, 3, 1)
    assert [user.name for user in props["Owner"]] == ["Emulated Person"]
    assert props["Done"] is False
    assert (props["Email"], props["Link"], props["Phone"]) == (
        "a@example.com",
        "https://example.com/report",
        "+49 30 1234",
    )
    assert props["Creator"] == notion.whoami()
    assert isinstance(props["Created"], dt.datetime)


def test_queries_filter_combine_and_sort(tasks: Any) -> None:
    def names(query: Any) -> list[str]:
        return [str(row.title) for row in query.execute()]

    assert names(tasks.query.filter(prop("Hours") > 1).sort(prop("Hours").desc())) == [
        "Fix roof",
        "Write report",
    ]
    assert sorted(names(tasks.query.filter(prop("Tags").contains("home")))) == [
        "Buy milk",
        "Fix roof",
    ]
    assert names(tasks.query.filter(prop("Done") == True)) == ["Buy milk"]  # noqa: E712
    assert names(
        tasks.query.filter((prop("Priority") == "high") & (prop("Due") == dt.date(2026, 3, 1)))
    ) == ["Write report"]
    either = prop("Name").starts_with("F") | (prop("Done") == True)  # noqa: E712
    assert sorted(names(tasks.query.filter(either))) == [
        "Buy milk",
        "Fix roof",
    ]
    assert len(tasks.get_all_pages()) == 3


def test_updated_values_persist(notion: uno.Session, tasks: Any) -> None:
    row = tasks.create_page(name="Temporary", hours=1)
    row.props["Hours"] = 3
    row.props["Tags"] = ["home"]
    fresh = notion.get_page(row.id, use_cache=False)
    assert fresh.props["Hours"] == 3 and [str(t) for t in fresh.props["Tags"]] == ["home"]
    row.delete()
    assert len(tasks.get_all_pages()) == 3


def test_properties_are_added_renamed_and_removed(notion: uno.Session, page: Any) -> None:
    class Notes(Schema, db_title="Notes"):
        name = PropType.Title("Name")

    source = notion.create_ds(page, schema=Notes)
    source.schema["Extra"] = PropType.Text()
    source.schema.get_prop("Extra").name = "Renamed"
    source.reload()
    assert [p.name for p in source.schema.get_props()] == ["Name", "Renamed"]
    source.schema.get_prop("Renamed").delete()
    source.reload()
    assert [p.name for p in source.schema.get_props()] == ["Name"]


def test_a_property_format_and_options_change(notion: uno.Session, page: Any) -> None:
    class Prices(Schema, db_title="Prices"):
        name = PropType.Title("Name")
        price = PropType.Number("Price")
        size = PropType.Select("Size", options=[Option("S", color="red")])

    source = notion.create_ds(page, schema=Prices)
    source.schema.get_prop("Price").format = uno.NumberFormat.DOLLAR
    source.schema.get_prop("Size").options = [Option("S", color="red"), Option("M", color="blue")]
    fresh = notion.get_ds(source.id, use_cache=False).schema
    assert fresh.get_prop("Price").format == uno.NumberFormat.DOLLAR
    assert [str(option) for option in fresh.get_prop("Size").options] == ["S", "M"]


def test_a_database_holds_several_data_sources(notion: uno.Session, page: Any) -> None:
    database = notion.create_db(page, title="Library")
    second = database.create_ds(title="Second shelf")
    database.is_inline = True
    database.is_locked = True
    fresh = notion.get_db(database.id, use_cache=False)
    assert [str(source.title) for source in fresh.data_sources] == ["Library", "Second shelf"]
    assert fresh.is_inline and fresh.is_locked
    assert second.query.execute().to_pages() == []


def test_a_data_source_moves_to_another_database(notion: uno.Session, page: Any) -> None:
    source = notion.create_db(page, title="From").create_ds(title="Moving")
    target = notion.create_db(page, title="To")
    source.move(target)
    assert source in notion.get_db(target.id, use_cache=False).data_sources


# -- formulas, relations, rollups, unique ids -----------------------------------------------


class Invoice(Schema, db_title="Invoices"):
    name = PropType.Title("Name")
    amount = PropType.Number("Amount")
    double = PropType.Formula("Double", formula='prop("Amount") * 2')


def test_a_formula_property_is_created(notion: uno.Session, page: Any) -> None:
    source = notion.create_ds(page, schema=Invoice)
    row = Invoice.create(name="i1", amount=21)
    assert isinstance(source.schema.get_prop("Double"), PropType.Formula)
    assert row.props["Amount"] == 21


def test_a_formula_value_is_computed_and_filterable(notion: uno.Session, page: Any) -> None:
    class Bill(Schema, db_title="Bills"):
        name = PropType.Title("Name")
        amount = PropType.Number("Amount")
        double = PropType.Formula("Double", formula='prop("Amount") * 2')

    source = notion.create_ds(page, schema=Bill)
    row = Bill.create(name="i1", amount=21)
    Bill.create(name="i2", amount=1)
    assert row.props["Double"] == 42
    assert [str(r.title) for r in source.query.filter(prop("Double") > 10).execute()] == ["i1"]


class Customer(Schema, db_title="Customers"):
    name = PropType.Title("Name")
    score = PropType.Number("Score")


class Order(Schema, db_title="Orders"):
    name = PropType.Title("Name")
    customer = PropType.Relation("Customer", schema=Customer)
    total = PropType.Rollup("Total score", relation=customer, rollup=Customer.score)


def test_a_relation_links_rows(notion: uno.Session, page: Any) -> None:
    notion.create_ds(page, schema=Customer)
    orders = notion.create_ds(page, schema=Order)
    alice = Customer.create(name="Alice", score=3)
    bob = Customer.create(name="Bob", score=4)
    order = Order.create(name="o1", customer=[alice, bob])
    fresh = notion.get_page(order.id, use_cache=False)
    assert fresh.props["Customer"] == [alice, bob]
    assert [
        str(r.title) for r in orders.query.filter(prop("Customer").is_not_empty()).execute()
    ] == ["o1"]


def test_a_rollup_sums_over_a_relation(notion: uno.Session, page: Any) -> None:
    class Item(Schema, db_title="Items"):
        name = PropType.Title("Name")
        price = PropType.Number("Price")

    class Cart(Schema, db_title="Carts"):
        name = PropType.Title("Name")
        items = PropType.Relation("Items", schema=Item)
        total = PropType.Rollup("Total", relation=items, rollup=Item.price, calculate=AggFunc.SUM)

    notion.create_ds(page, schema=Item)
    notion.create_ds(page, schema=Cart)
    cart = Cart.create(
        name="c1", items=[Item.create(name="A", price=2), Item.create(name="B", price=5)]
    )
    assert cart.props["Total"] == 7


def test_a_two_way_relation_shows_on_both_sides(notion: uno.Session, page: Any) -> None:
    class Author(Schema, db_title="Authors"):
        name = PropType.Title("Name")
        books = PropType.Relation("Books")

    class Book(Schema, db_title="Books"):
        name = PropType.Title("Name")
        authors = PropType.Relation("Authors", schema=Author, two_way_prop=Author.books)

    notion.create_ds(page, schema=Author)
    notion.create_ds(page, schema=Book)
    ada = Author.create(name="Ada")
    book = Book.create(name="Notes", authors=[ada])
    assert notion.get_page(ada.id, use_cache=False).props["Books"] == [book]


def test_unique_ids_count_up_with_their_prefix(notion: uno.Session, page: Any) -> None:
    class Ticket(Schema, db_title="Tickets"):
        name = PropType.Title("Name")
        number = PropType.ID("No", prefix="T")

    notion.create_ds(page, schema=Ticket)
    first, second = Ticket.create(name="a"), Ticket.create(name="b")
    assert (str(first.props["No"]), str(second.props["No"])) == ("T-1", "T-2")
