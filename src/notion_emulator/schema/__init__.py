"""What a request to Notion may say, and how Notion words it when it may not.

Pure: no I/O, no clock, no store. From the ground up:

- :mod:`.messages`: how a refused value is quoted and every message shape, once.
- :mod:`.limits`: Notion's size limits and its (JavaScript) way of counting a string.
- :mod:`.vocabularies`: the closed lists of names (colours, code languages, property and
  view types, API versions).
- :mod:`.block_types`: the table of block types.
- :mod:`.specs`: the spec combinators request schemas are built from.
- :mod:`.rich_text`, :mod:`.block_requests`: rich text, icons, covers and blocks.
- :mod:`.property_checks`, :mod:`.property_configs`, :mod:`.data_source_schema`,
  :mod:`.property_values`, :mod:`.page_properties`: data-source schemas and page property
  values, request form in, stored form out.
"""
