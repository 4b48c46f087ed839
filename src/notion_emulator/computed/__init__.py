"""Values Notion computes: formulas, rollups, unique ids, and two-way (dual) relations.

- :mod:`.page_values` fills a page's formula and rollup values when it is read (so they
  follow every change of their inputs, on the page or on related pages);
- :mod:`.rollups` aggregates the related pages' values with a rollup function;
- :mod:`.unique_ids` numbers a data source's pages 1, 2, 3... in creation order;
- :mod:`.dual` creates the reverse property of a ``dual_property`` relation and keeps both
  sides of every link in step.
"""
